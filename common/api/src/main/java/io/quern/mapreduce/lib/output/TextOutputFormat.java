package io.quern.mapreduce.lib.output;

import io.quern.fs.FileUtil;
import io.quern.fs.Path;
import io.quern.io.compress.CompressionCodec;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Lines of {@code key SEPARATOR value}; a null or NullWritable key or value is left out. With
 * compressed output the files carry the codec's suffix ({@code part-r-00000.gz}).
 */
public class TextOutputFormat<K, V> extends FileOutputFormat<K, V> {
  public static final String SEPARATOR = "mapreduce.output.textoutputformat.separator";

  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException {
    CompressionCodec codec = outputCodec(context);
    Path file = getDefaultWorkFile(context, codec == null ? "" : codec.getDefaultExtension());
    OutputStream raw = FileUtil.create(file, context.getConfiguration());
    TextLineWriter lines = TextLineWriter.open(raw, codec, context.getConfiguration().get(SEPARATOR, ""));
    return new RecordWriter<>() {
      @Override
      public void write(K key, V value) throws IOException {
        lines.write(key, value);
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        lines.close();
        c.getCounter(FileSystemCounter.BYTES_WRITTEN).increment(lines.bytes());
      }
    };
  }
}
