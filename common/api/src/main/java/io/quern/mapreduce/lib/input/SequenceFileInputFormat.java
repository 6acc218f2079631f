package io.quern.mapreduce.lib.input;

import io.quern.fs.Path;
import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;

/**
 * SequenceFiles: a split starts at the first sync mark after its start and reads records
 * until it passes a sync mark at or after its end.
 */
public class SequenceFileInputFormat<K, V> extends FileInputFormat<K, V> {
  @Override
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      // Confined to the task's thread, as is all state below.
      private SequenceFile.Reader reader;
      private long start;
      private long end;
      private boolean more = true;
      private K key;
      private V value;

      @Override
      @SuppressWarnings("unchecked")
      public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
        FileSplit fs = (FileSplit) s;
        Path file = fs.getPath();
        reader = new SequenceFile.Reader(file.getFileSystem(c.getConfiguration()).open(file), c.getConfiguration());
        start = fs.getStart();
        end = start + fs.getLength();
        if (start > reader.getPosition()) {
          reader.sync(start);
        }
        start = reader.getPosition();
        more = start < end;
        key = (K) ReflectionUtil.newInstance(reader.getKeyClass(), c.getConfiguration());
        value = (V) ReflectionUtil.newInstance(reader.getValueClass(), c.getConfiguration());
      }

      @Override
      public boolean nextKeyValue() throws IOException {
        if (!more) {
          return false;
        }
        long pos = reader.getPosition();
        boolean got = reader.next((Writable) key, (Writable) value);
        if (!got || (pos >= end && reader.syncSeen())) {
          more = false;
        }
        return more;
      }

      @Override
      public K getCurrentKey() {
        return key;
      }

      @Override
      public V getCurrentValue() {
        return value;
      }

      @Override
      public float getProgress() throws IOException {
        return end == start ? 1f : Math.min(1f, (reader.getPosition() - start) / (float) (end - start));
      }

      @Override
      public void close() throws IOException {
        if (reader != null) {
          reader.close();
        }
      }
    };
  }
}
