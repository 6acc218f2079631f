package io.quern.mapreduce.lib.output;

import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.files.JobFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;

/** SequenceFiles of the job's output key and value classes. */
public class SequenceFileOutputFormat<K, V> extends FileOutputFormat<K, V> {
  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException {
    String file = getDefaultWorkFile(context, "");
    SequenceFile.Writer writer = new SequenceFile.Writer(
        new BufferedOutputStream(JobFiles.get(file, context.getConfiguration()).create(file), 1 << 16),
        context.getOutputKeyClass(), context.getOutputValueClass());
    return new RecordWriter<>() {
      @Override
      public void write(K key, V value) throws IOException {
        writer.append((Writable) key, (Writable) value);
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        long length = writer.getLength();
        writer.close();
        c.getCounter(FileSystemCounter.BYTES_WRITTEN).increment(length);
      }
    };
  }
}
