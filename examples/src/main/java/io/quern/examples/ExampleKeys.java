package io.quern.examples;

import io.quern.conf.BooleanKey;
import io.quern.conf.IntKey;
import io.quern.conf.LongKey;
import io.quern.conf.StringKey;

/**
 * The configuration keys of the example jobs (mapred-default.xml declares each with its default
 * and description); each example keeps its Hadoop-named String constant for its users, and reads
 * the key through these so that the default is written only in the XML.
 */
final class ExampleKeys {
  /** Set by the bbp example: the number of maps the digits are shared among. */
  static final IntKey BBP_DIGIT_PARTS = new IntKey(BaileyBorweinPlouffe.DIGIT_PARTS);
  /** Set by the bbp example: how many hex digits of pi to compute (a multiple of 4). */
  static final IntKey BBP_DIGIT_SIZE = new IntKey(BaileyBorweinPlouffe.DIGIT_SIZE);
  /** Set by the bbp example: the position (1: first after the point) of the first hex digit of pi to compute. */
  static final LongKey BBP_DIGIT_START = new LongKey(BaileyBorweinPlouffe.DIGIT_START);
  /** Set by the join example from -joinOp: inner, outer or override. */
  static final StringKey JOIN_OP = new StringKey(Join.JOIN_OP);
  /** Set by the pi example: points each map of it places. */
  static final LongKey PI_SAMPLES = new LongKey(QuasiMonteCarlo.SAMPLES);
  /** Bytes of keys and values each randomtextwriter map writes; the total over this is the number of maps. */
  static final LongKey RANDOMTEXTWRITER_BYTES_PER_MAP = new LongKey(RandomTextWriter.BYTES_PER_MAP);
  /** randomtextwriter maps per worker when mapreduce.randomtextwriter.totalbytes is empty. */
  static final IntKey RANDOMTEXTWRITER_MAPS_PER_HOST = new IntKey(RandomTextWriter.MAPS_PER_HOST);
  /** randomtextwriter keys have fewer words than this (when more than the minimum). */
  static final IntKey RANDOMTEXTWRITER_MAX_WORDS_KEY = new IntKey(RandomTextWriter.MAX_KEY);
  /** randomtextwriter values have fewer words than this (when more than the minimum). */
  static final IntKey RANDOMTEXTWRITER_MAX_WORDS_VALUE = new IntKey(RandomTextWriter.MAX_VALUE);
  /** Fewest words in a randomtextwriter key. */
  static final IntKey RANDOMTEXTWRITER_MIN_WORDS_KEY = new IntKey(RandomTextWriter.MIN_KEY);
  /** Fewest words in a randomtextwriter value. */
  static final IntKey RANDOMTEXTWRITER_MIN_WORDS_VALUE = new IntKey(RandomTextWriter.MIN_VALUE);
  /** Bytes randomtextwriter writes in all; empty: mapreduce.randomtextwriter.mapsperhost maps of mapreduce.randomtextwriter.bytespermap on each worker. */
  static final LongKey RANDOMTEXTWRITER_TOTAL_BYTES = new LongKey(RandomTextWriter.TOTAL_BYTES);
  /** Bytes of keys and values each randomwriter map writes; the total over this is the number of maps. */
  static final LongKey RANDOMWRITER_BYTES_PER_MAP = new LongKey(RandomWriter.BYTES_PER_MAP);
  /** randomwriter maps per worker when mapreduce.randomwriter.totalbytes is empty. */
  static final IntKey RANDOMWRITER_MAPS_PER_HOST = new IntKey(RandomWriter.MAPS_PER_HOST);
  /** randomwriter keys are shorter than this many bytes (when larger than the minimum). */
  static final IntKey RANDOMWRITER_MAX_KEY = new IntKey(RandomWriter.MAX_KEY);
  /** randomwriter values are shorter than this many bytes (when larger than the minimum). */
  static final IntKey RANDOMWRITER_MAX_VALUE = new IntKey(RandomWriter.MAX_VALUE);
  /** Smallest randomwriter key, in bytes. */
  static final IntKey RANDOMWRITER_MIN_KEY = new IntKey(RandomWriter.MIN_KEY);
  /** Smallest randomwriter value, in bytes. */
  static final IntKey RANDOMWRITER_MIN_VALUE = new IntKey(RandomWriter.MIN_VALUE);
  /** Bytes randomwriter writes in all; empty: mapreduce.randomwriter.mapsperhost maps of mapreduce.randomwriter.bytespermap on each worker. */
  static final LongKey RANDOMWRITER_TOTAL_BYTES = new LongKey(RandomWriter.TOTAL_BYTES);
  /** Set by the examples that generate their input: the number of maps the rows are cut into. */
  static final IntKey RANGE_MAPS = new IntKey(RangeInputFormat.MAPS);
  /** Set by the examples that generate their input (teragen, pi, randomwriter...): the number of rows. */
  static final LongKey RANGE_ROWS = new LongKey(RangeInputFormat.ROWS);
  /** Set by the sleep example: milliseconds each map sleeps. */
  static final LongKey SLEEP_MAP_MS = new LongKey(SleepJob.MAP_MS);
  /** Set by the sleep example: milliseconds each reduce sleeps. */
  static final LongKey SLEEP_REDUCE_MS = new LongKey(SleepJob.REDUCE_MS);
  /** Replication of terasort's sorted output (Hadoop's default, 1): the job sets its dfs.replication to it once the partition file is written. Raise it to keep the output through the loss of a DataNode. */
  static final IntKey TERASORT_OUTPUT_REPLICATION = new IntKey(TeraSort.OUTPUT_REPLICATION);
  /** Keys terasort samples from its input to choose the ranges of its reduces. */
  static final IntKey TERASORT_SAMPLE_SIZE = new IntKey(TeraSort.SAMPLE_SIZE);
  /** Whether the wordcount2 example counts words as written (true) or lower-cased (false). */
  static final BooleanKey WORDCOUNT_CASE_SENSITIVE = new BooleanKey(WordCount2.CASE_SENSITIVE);
  /** Set by the wordcount2 example from -skip: its mappers remove the patterns (one a line) of the files given with -skip from every line. */
  static final BooleanKey WORDCOUNT_SKIP_PATTERNS = new BooleanKey(WordCount2.SKIP_PATTERNS);

  private ExampleKeys() {}
}
