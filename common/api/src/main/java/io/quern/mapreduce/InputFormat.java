package io.quern.mapreduce;

import java.io.IOException;
import java.util.List;

/** Cuts a job's input into splits and reads each split as records. */
public abstract class InputFormat<K, V> {
  public abstract List<InputSplit> getSplits(JobContext context) throws IOException, InterruptedException;

  public abstract RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException;
}
