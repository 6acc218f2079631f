package io.quern.mapreduce;

import io.quern.conf.StringKey;

/**
 * MapReduce keys of the framework: tasks, the local runner and the client (mapred-default.xml declares each with its default and description). The keys a job sets through the public API keep their Hadoop names as String constants in {@link MRJobConfig} and the formats.
 * Each key reads its default from there; a key declared with an empty value has none (see
 * {@link io.quern.conf.ConfKey}).
 */
public final class MapredKeys {
  /** Local directory of a worker's job files: job jars, map outputs, merge files. */
  public static final StringKey LOCAL_DIR = new StringKey("mapred.local.dir");

  private MapredKeys() {}
}
