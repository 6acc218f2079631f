package io.quern.mapreduce.lib.input;

import io.quern.io.Text;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;

/**
 * Text lines split at the first separator (a tab by default) into key and value; a line
 * without it is all key.
 *
 * <p>Its record readers are confined to the task's thread.
 */
public class KeyValueTextInputFormat extends FileInputFormat<Text, Text> {
  public static final String SEPARATOR = "mapreduce.input.keyvaluelinerecordreader.key.value.separator";

  /** A compressed file cannot be read from the middle, so it is one split, as in Hadoop. */
  @Override
  protected boolean isSplitable(JobContext context, io.quern.fs.Path file) {
    return new CompressionCodecFactory(context.getConfiguration()).getCodec(file) == null;
  }

  @Override
  public RecordReader<Text, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private final LineRecordReader lines = new LineRecordReader();
      private final Text key = new Text();
      private final Text value = new Text();
      private byte separator;

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
        lines.initialize(s, c);
        String sep = c.getConfiguration().get(SEPARATOR, "\t");
        separator = (byte) (sep.isEmpty() ? '\t' : sep.charAt(0));
      }

      @Override
      public boolean nextKeyValue() throws IOException {
        if (!lines.nextKeyValue()) {
          return false;
        }
        Text line = lines.getCurrentValue();
        byte[] b = line.getBytes();
        int n = line.getLength();
        int i = 0;
        while (i < n && b[i] != separator) {
          i++;
        }
        key.set(b, 0, i);
        if (i < n) {
          value.set(b, i + 1, n - i - 1);
        } else {
          value.clear();
        }
        return true;
      }

      @Override
      public Text getCurrentKey() {
        return key;
      }

      @Override
      public Text getCurrentValue() {
        return value;
      }

      @Override
      public float getProgress() {
        return lines.getProgress();
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }
}
