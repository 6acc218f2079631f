package io.quern.mapreduce.server.tasktracker;

/**
 * Names of a worker's (task tracker's) configuration keys that job code reads too, e.g. to
 * guess the slots per host when it plans its splits. Each is declared in mapred-default.xml;
 * the names are Hadoop 1's, which the worker reads.
 */
public interface TTConfig {
  /** Map slots of a worker; unset, its number of cores. */
  String TT_MAP_SLOTS = "mapred.tasktracker.map.tasks.maximum";
  /** Reduce slots of a worker; unset, half its cores, at least 1. */
  String TT_REDUCE_SLOTS = "mapred.tasktracker.reduce.tasks.maximum";
}
