package io.quern.mapreduce.lib.input;

import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;

/** Records of many SequenceFiles per split: {@link SequenceFileInputFormat}'s over {@link CombineFileSplit}s. */
public class CombineSequenceFileInputFormat<K, V> extends CombineFileInputFormat<K, V> {
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context) throws IOException {
    return new CombineFileRecordReader<>((CombineFileSplit) split, context, (Class) SequenceFileRecordReaderWrapper.class);
  }

  /** Reads one piece of a combined split as SequenceFile records. */
  private static class SequenceFileRecordReaderWrapper<K, V> extends CombineFileRecordReaderWrapper<K, V> {
    SequenceFileRecordReaderWrapper(CombineFileSplit split, TaskAttemptContext context, Integer idx)
        throws IOException, InterruptedException {
      super(new SequenceFileInputFormat<>(), split, context, idx);
    }
  }
}
