package io.quern.mapreduce.lib.input;

import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;

/** Lines of many text files per split: {@link TextInputFormat}'s records over {@link CombineFileSplit}s. */
public class CombineTextInputFormat extends CombineFileInputFormat<LongWritable, Text> {
  @Override
  public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException {
    return new CombineFileRecordReader<>((CombineFileSplit) split, context, TextRecordReaderWrapper.class);
  }

  /** Reads one piece of a combined split as lines. */
  private static class TextRecordReaderWrapper extends CombineFileRecordReaderWrapper<LongWritable, Text> {
    TextRecordReaderWrapper(CombineFileSplit split, TaskAttemptContext context, Integer idx)
        throws IOException, InterruptedException {
      super(new TextInputFormat(), split, context, idx);
    }
  }
}
