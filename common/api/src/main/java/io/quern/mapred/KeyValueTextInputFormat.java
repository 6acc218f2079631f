package io.quern.mapred;

import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.Text;
import io.quern.io.compress.CompressionCodecFactory;
import java.io.IOException;

/**
 * Text lines split at the first separator ({@code
 * mapreduce.input.keyvaluelinerecordreader.key.value.separator}, a tab by default) into key
 * and value; a line without it is all key.
 */
public class KeyValueTextInputFormat extends FileInputFormat<Text, Text> implements JobConfigurable {
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
  public RecordReader<Text, Text> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException {
    reporter.setStatus(split.toString());
    io.quern.mapreduce.lib.input.FileSplit range = ((FileSplit) split).toNewApi();
    return new NewReaderAsOld<>(new io.quern.mapreduce.lib.input.KeyValueTextInputFormat().createRecordReader(range,
        null), (FileSplit) split, job, reporter, Text::new, Text::new);
  }
}
