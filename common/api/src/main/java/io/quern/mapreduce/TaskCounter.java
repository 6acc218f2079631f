package io.quern.mapreduce;

/** Counters every task maintains; the group name is this enum's class name. */
public enum TaskCounter {
  MAP_INPUT_RECORDS, MAP_OUTPUT_RECORDS, MAP_OUTPUT_BYTES, SPILLED_RECORDS,
  COMBINE_INPUT_RECORDS, COMBINE_OUTPUT_RECORDS,
  REDUCE_INPUT_GROUPS, REDUCE_INPUT_RECORDS, REDUCE_OUTPUT_RECORDS, REDUCE_SHUFFLE_BYTES
}
