package io.quern.mapreduce.lib.output;

import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.io.compress.CompressionCodec;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.files.JobFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines of {@code key SEPARATOR value}; a null or NullWritable key or value is left out. With
 * compressed output the files carry the codec's suffix ({@code part-r-00000.gz}).
 */
public class TextOutputFormat<K, V> extends FileOutputFormat<K, V> {
  public static final String SEPARATOR = "mapreduce.output.textoutputformat.separator";

  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException {
    CompressionCodec codec = outputCodec(context);
    String file = getDefaultWorkFile(context, codec == null ? "" : codec.getDefaultExtension());
    // Configuration values are trimmed, so an empty separator stands for the default tab.
    String sep = context.getConfiguration().get(SEPARATOR, "");
    byte[] separator = (sep.isEmpty() ? "\t" : sep).getBytes(StandardCharsets.UTF_8);
    OutputStream raw = JobFiles.get(file, context.getConfiguration()).create(file);
    OutputStream out = new BufferedOutputStream(codec == null ? raw : codec.createOutputStream(raw), 1 << 16);
    return new RecordWriter<>() {
      private long bytes;

      private void writeObject(Object o) throws IOException {
        if (o instanceof Text t) {
          out.write(t.getBytes(), 0, t.getLength());
          bytes += t.getLength();
        } else {
          byte[] b = o.toString().getBytes(StandardCharsets.UTF_8);
          out.write(b);
          bytes += b.length;
        }
      }

      @Override
      public void write(K key, V value) throws IOException {
        boolean noKey = key == null || key instanceof NullWritable;
        boolean noValue = value == null || value instanceof NullWritable;
        if (noKey && noValue) {
          return;
        }
        if (!noKey) {
          writeObject(key);
        }
        if (!noKey && !noValue) {
          out.write(separator);
          bytes += separator.length;
        }
        if (!noValue) {
          writeObject(value);
        }
        out.write('\n');
        bytes++;
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        out.close();
        c.getCounter(FileSystemCounter.BYTES_WRITTEN).increment(bytes);
      }
    };
  }
}
