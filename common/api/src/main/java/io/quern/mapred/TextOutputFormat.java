package io.quern.mapred;

import io.quern.fs.FileSystem;
import io.quern.fs.FileUtil;
import io.quern.fs.Path;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.lib.output.TextLineWriter;
import io.quern.util.Progressable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Lines of {@code key SEPARATOR value} ({@code mapreduce.output.textoutputformat.separator}, a
 * tab by default); a null or NullWritable key or value is left out, as in the new API.
 */
public class TextOutputFormat<K, V> extends FileOutputFormat<K, V> {
  @Override
  public RecordWriter<K, V> getRecordWriter(FileSystem ignored, JobConf job, String name, Progressable progress)
      throws IOException {
    io.quern.io.compress.CompressionCodec codec = outputCodec(job);
    Path file = getTaskOutputPath(job, codec == null ? name : name + codec.getDefaultExtension());
    OutputStream raw = FileUtil.create(file, job);
    return new LineRecordWriter<>(
        TextLineWriter.open(raw, codec, job.get(io.quern.mapreduce.lib.output.TextOutputFormat.SEPARATOR, "")),
        progress);
  }

  /** Writes the lines; counts the bytes in the task's counters when run by the framework. */
  protected static class LineRecordWriter<K, V> implements RecordWriter<K, V> {
    private final TextLineWriter lines;
    private final Progressable progress;

    public LineRecordWriter(OutputStream out, String separator, Progressable progress) {
      this(new TextLineWriter(out, separator), progress);
    }

    LineRecordWriter(TextLineWriter lines, Progressable progress) {
      this.lines = lines;
      this.progress = progress;
    }

    @Override
    public synchronized void write(K key, V value) throws IOException {
      lines.write(key, value);
    }

    @Override
    public synchronized void close(Reporter reporter) throws IOException {
      lines.close();
      Reporter r = progress instanceof Reporter p ? p : reporter;
      if (r != null) {
        r.incrCounter(FileSystemCounter.BYTES_WRITTEN, lines.bytes());
      }
    }
  }
}
