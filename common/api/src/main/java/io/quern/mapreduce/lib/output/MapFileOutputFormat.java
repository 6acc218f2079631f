package io.quern.mapreduce.lib.output;

import io.quern.conf.Configuration;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.MapFile;
import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.io.compress.CompressionCodec;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Output as one {@link MapFile} per task ({@code part-r-00003/data} and {@code /index}), so
 * that the job's result can be looked up by key: {@link #getReaders} opens every part, and
 * {@link #getEntry} asks the part the job's partitioner sends the key to. Reduce output is
 * sorted, as a map file needs; compressed as {@link SequenceFileOutputFormat}'s is.
 */
public class MapFileOutputFormat extends FileOutputFormat<WritableComparable<?>, Writable> {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public RecordWriter<WritableComparable<?>, Writable> getRecordWriter(TaskAttemptContext context)
      throws IOException {
    Configuration conf = context.getConfiguration();
    CompressionCodec codec = outputCodec(context);
    CompressionType type = codec == null ? CompressionType.NONE
        : SequenceFileOutputFormat.getOutputCompressionType(context);
    String dir = getDefaultWorkFile(context, "").toString();
    FileSystem fs = new Path(dir).getFileSystem(conf);
    Class<?> keyClass = context.getOutputKeyClass();
    if (!WritableComparable.class.isAssignableFrom(keyClass)) {
      throw new IOException("MapFileOutputFormat needs WritableComparable keys, not " + keyClass.getName());
    }
    MapFile.Writer out = new MapFile.Writer(conf, fs, dir, (Class<? extends WritableComparable>) keyClass,
        context.getOutputValueClass(), type, codec);
    return new RecordWriter<>() {
      @Override
      public void write(WritableComparable<?> key, Writable value) throws IOException {
        out.append(key, value);
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        out.close();
        long bytes = 0;
        for (FileStatus s : fs.listStatus(new Path(dir))) {
          bytes += s.getLen();
        }
        c.getCounter(FileSystemCounter.BYTES_WRITTEN).increment(bytes);
      }
    };
  }

  /** Opens a reader on each map file in {@code dir} (a job's output), in name order, so index i is partition i. */
  public static MapFile.Reader[] getReaders(Path dir, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] entries = fs.listStatus(dir);
    List<Path> parts = new ArrayList<>();
    for (FileStatus s : entries) {
      String name = s.getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".")) {
        parts.add(s.getPath());
      }
    }
    Path[] names = parts.toArray(new Path[0]);
    Arrays.sort(names);
    MapFile.Reader[] readers = new MapFile.Reader[names.length];
    try {
      for (int i = 0; i < names.length; i++) {
        readers[i] = new MapFile.Reader(names[i], conf);
      }
    } catch (IOException | RuntimeException e) {
      for (MapFile.Reader r : readers) {
        if (r != null) {
          r.close();
        }
      }
      throw e;
    }
    return readers;
  }

  /** The value of {@code key} from the reader of its partition, read into {@code value}; null if absent. */
  public static <K extends WritableComparable<?>, V extends Writable> Writable getEntry(MapFile.Reader[] readers,
      Partitioner<K, V> partitioner, K key, V value) throws IOException {
    int part = partitioner.getPartition(key, value, readers.length);
    if (part < 0 || part >= readers.length) {
      throw new IOException("partitioner " + partitioner.getClass().getName() + " sent " + key + " to partition "
          + part + " of " + readers.length);
    }
    return readers[part].get(key, value);
  }
}
