package io.quern.mapred;

import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.lib.input.LineRecordReader;
import java.io.IOException;

/** Plain text files: the key is a line's byte offset, the value the line (read as the new API reads it). */
public class TextInputFormat extends FileInputFormat<LongWritable, Text> implements JobConfigurable {
  @Override
  public void configure(JobConf job) {}

  @Override
  public RecordReader<LongWritable, Text> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException {
    reporter.setStatus(split.toString());
    return new NewReaderAsOld<>(new LineRecordReader(), (FileSplit) split, job, reporter, LongWritable::new,
        Text::new);
  }
}
