package io.quern.mapreduce.lib.input;

import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;

/** Plain text files: the key is a line's byte offset, the value the line. */
public class TextInputFormat extends FileInputFormat<LongWritable, Text> {
  @Override
  public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new LineRecordReader();
  }

  /** A compressed file cannot be read from the middle, so it is one split, as in Hadoop. */
  @Override
  protected boolean isSplitable(JobContext context, io.quern.fs.Path file) {
    return new CompressionCodecFactory(context.getConfiguration()).getCodec(file) == null;
  }
}
