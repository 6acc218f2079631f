package io.quern.mapred;

import java.io.IOException;

/** The old API's input: cuts the job's input into splits and reads each one. */
public interface InputFormat<K, V> {
  /** The splits; {@code numSplits} (the job's {@code mapred.map.tasks}) is a hint. */
  InputSplit[] getSplits(JobConf job, int numSplits) throws IOException;

  RecordReader<K, V> getRecordReader(InputSplit split, JobConf job, Reporter reporter) throws IOException;
}
