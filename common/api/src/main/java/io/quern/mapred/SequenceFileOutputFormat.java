package io.quern.mapred;

import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.FileUtil;
import io.quern.fs.Path;
import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.util.Progressable;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SequenceFiles of the job's output key and value classes. */
public class SequenceFileOutputFormat<K, V> extends FileOutputFormat<K, V> {
  @Override
  public RecordWriter<K, V> getRecordWriter(FileSystem ignored, JobConf job, String name, Progressable progress)
      throws IOException {
    Path file = getTaskOutputPath(job, name);
    SequenceFile.Writer writer = new SequenceFile.Writer(
        new BufferedOutputStream(FileUtil.create(file, job), 1 << 16),
        job.getOutputKeyClass(), job.getOutputValueClass());
    return new RecordWriter<>() {
      @Override
      public void write(K key, V value) throws IOException {
        writer.append((Writable) key, (Writable) value);
      }

      @Override
      public void close(Reporter reporter) throws IOException {
        long length = writer.getLength();
        writer.close();
        Reporter r = progress instanceof Reporter p ? p : reporter;
        if (r != null) {
          r.incrCounter(FileSystemCounter.BYTES_WRITTEN, length);
        }
      }
    };
  }

  /** Readers of every output file in {@code dir} (the job's output), sorted by name. */
  public static SequenceFile.Reader[] getReaders(io.quern.conf.Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] entries = fs.listStatus(dir);
    Arrays.sort(entries);
    List<SequenceFile.Reader> readers = new ArrayList<>();
    for (FileStatus e : entries) {
      String name = e.getPath().getName();
      if (!e.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
        readers.add(new SequenceFile.Reader(fs.open(e.getPath())));
      }
    }
    return readers.toArray(new SequenceFile.Reader[0]);
  }
}
