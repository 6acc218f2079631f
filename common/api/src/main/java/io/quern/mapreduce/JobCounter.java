package io.quern.mapreduce;

/** Counters the master keeps per job about its tasks. */
public enum JobCounter {
  TOTAL_LAUNCHED_MAPS, TOTAL_LAUNCHED_REDUCES, DATA_LOCAL_MAPS, RACK_LOCAL_MAPS, OTHER_LOCAL_MAPS,
  NUM_FAILED_MAPS, NUM_FAILED_REDUCES, NUM_KILLED_MAPS, NUM_KILLED_REDUCES, SPECULATIVE_ATTEMPTS,
  /** Tasks an earlier master saw finish, taken over by a new leader instead of being run again. */
  RECOVERED_MAPS, RECOVERED_REDUCES,
  /**
   * Tasks that failed for good (every attempt used) within the job's allowance
   * (mapreduce.map.failures.maxpercent, mapreduce.reduce.failures.maxpercent): the job went on
   * without their output.
   */
  TOLERATED_FAILED_MAPS, TOLERATED_FAILED_REDUCES
}
