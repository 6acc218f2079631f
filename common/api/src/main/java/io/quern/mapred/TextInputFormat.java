package io.quern.mapred;

import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.LongWritable;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.io.Text;
import io.quern.mapreduce.lib.input.LineRecordReader;
import java.io.IOException;

/** Plain text files: the key is a line's byte offset, the value the line (read as the new API reads it). */
public class TextInputFormat extends FileInputFormat<LongWritable, Text> implements JobConfigurable {
  /** Written once, by configure, before the format is used. */
  private CompressionCodecFactory codecs;

  /** A compressed file is read whole, by one split, as in Hadoop. */
  @Override
  protected boolean isSplitable(FileSystem fs, Path file) {
    return codecs == null || codecs.getCodec(file) == null;
  }

  @Override
  public void configure(JobConf job) {
    codecs = new CompressionCodecFactory(job);
  }

  @Override
  public RecordReader<LongWritable, Text> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException {
    reporter.setStatus(split.toString());
    return new NewReaderAsOld<>(new LineRecordReader(), (FileSplit) split, job, reporter, LongWritable::new,
        Text::new);
  }
}
