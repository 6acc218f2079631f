package io.quern.tools.distcp;

import io.quern.conf.BooleanKey;
import io.quern.conf.IntKey;
import io.quern.conf.LongKey;
import io.quern.conf.StringKey;

/**
 * DistCp's configuration keys (mapred-default.xml declares each with its default and description);
 * the tool sets them on its job and its copy tasks read them. Each key reads its default from
 * there (see {@link io.quern.conf.ConfKey}).
 */
final class DistCpKeys {
  /** quern distcp without -m: one map per this many bytes to copy (at least one map, at most distcp.max.map.tasks). */
  static final LongKey BYTES_PER_MAP = new LongKey(DistCp.BYTES_PER_MAP_KEY);
  /** Set by quern distcp in its job: what a map does with an existing target file, SKIP_EXISTING (no option), UPDATE (-update: copy if the lengths differ) or OVERWRITE (-overwrite). */
  static final StringKey COPY_MODE = new StringKey(DistCp.MODE_KEY);
  /** Set by quern distcp -i in its job: a file a map cannot copy is counted (FAIL) and skipped instead of failing the attempt. */
  static final BooleanKey IGNORE_READ_FAILURES = new BooleanKey(DistCp.IGNORE_FAILURES_KEY);
  /** quern distcp without -m: the most maps a copy runs. */
  static final IntKey MAX_MAP_TASKS = new IntKey(DistCp.MAX_MAPS_KEY);

  private DistCpKeys() {}
}
