package io.quern.mapred;

import io.quern.fs.FileSystem;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.files.JobFiles;
import io.quern.util.Progressable;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines of {@code key SEPARATOR value} ({@code mapreduce.output.textoutputformat.separator}, a
 * tab by default); a null or NullWritable key or value is left out, as in the new API.
 */
public class TextOutputFormat<K, V> extends FileOutputFormat<K, V> {
  @Override
  public RecordWriter<K, V> getRecordWriter(FileSystem ignored, JobConf job, String name, Progressable progress)
      throws IOException {
    String file = getTaskOutputPath(job, name).toString();
    // Configuration values are trimmed, so an empty separator stands for the default tab.
    String sep = job.get(io.quern.mapreduce.lib.output.TextOutputFormat.SEPARATOR, "");
    OutputStream out = new BufferedOutputStream(JobFiles.get(file, job).create(file), 1 << 16);
    return new LineRecordWriter<>(out, sep.isEmpty() ? "\t" : sep, progress);
  }

  /** Writes the lines; counts the bytes in the task's counters when run by the framework. */
  protected static class LineRecordWriter<K, V> implements RecordWriter<K, V> {
    private final OutputStream out;
    private final byte[] separator;
    private final Progressable progress;
    private long bytes;

    public LineRecordWriter(OutputStream out, String separator, Progressable progress) {
      this.out = out;
      this.separator = separator.getBytes(StandardCharsets.UTF_8);
      this.progress = progress;
    }

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
    public synchronized void write(K key, V value) throws IOException {
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
    public synchronized void close(Reporter reporter) throws IOException {
      out.close();
      Reporter r = progress instanceof Reporter p ? p : reporter;
      if (r != null) {
        r.incrCounter(FileSystemCounter.BYTES_WRITTEN, bytes);
      }
    }
  }
}
