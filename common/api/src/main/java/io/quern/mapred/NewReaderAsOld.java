package io.quern.mapred;

import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.function.Supplier;

/**
 * An old-API reader over the new API's reader of the same format, so that both APIs read
 * files the same way (line boundaries, separators). The new reader owns its key and value;
 * {@link #next} copies them into the caller's.
 *
 * <p>Confined to the task's thread, as is all its state.
 */
final class NewReaderAsOld<K, V> implements RecordReader<K, V> {
  private final io.quern.mapreduce.RecordReader<K, V> reader;
  private final FileSplit split;
  private final Supplier<K> keys;
  private final Supplier<V> values;
  private final DataOutputBuffer copyOut = new DataOutputBuffer();
  private final DataInputBuffer copyIn = new DataInputBuffer();

  NewReaderAsOld(io.quern.mapreduce.RecordReader<K, V> reader, FileSplit split, JobConf job, Reporter reporter,
      Supplier<K> keys, Supplier<V> values) throws IOException {
    this.reader = reader;
    this.split = split;
    this.keys = keys;
    this.values = values;
    try {
      reader.initialize(split.toNewApi(), context(job, reporter));
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /**
   * The task's own context when the reporter is the engine's (so the reader's counters count
   * in the task); a context of its own for a reader made outside a task.
   */
  private static TaskAttemptContext context(JobConf job, Reporter reporter) {
    if (reporter instanceof TaskReporter task) {
      return task.context();
    }
    String id = job.getTrimmed(TaskJobConf.TASK_ID);
    TaskAttemptID attempt = id != null ? TaskAttemptID.forName(id)
        : new TaskAttemptID(new TaskID(new JobID("local", 0), TaskType.MAP, 0), 0);
    return new TaskAttemptContextImpl(job, attempt);
  }

  @Override
  public boolean next(K key, V value) throws IOException {
    try {
      if (!reader.nextKeyValue()) {
        return false;
      }
      copy(reader.getCurrentKey(), key);
      copy(reader.getCurrentValue(), value);
      return true;
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private void copy(Object from, Object to) throws IOException {
    if (from instanceof Text t && to instanceof Text u) {
      u.set(t);
    } else if (from instanceof LongWritable l && to instanceof LongWritable m) {
      m.set(l.get());
    } else {
      copyOut.reset();
      ((Writable) from).write(copyOut);
      copyIn.reset(copyOut.getData(), copyOut.getLength());
      ((Writable) to).readFields(copyIn);
    }
  }

  @Override
  public K createKey() {
    return keys.get();
  }

  @Override
  public V createValue() {
    return values.get();
  }

  /** The byte position reached, as far as the new reader's progress tells it. */
  @Override
  public long getPos() throws IOException {
    return split.getStart() + (long) (getProgress() * split.getLength());
  }

  @Override
  public float getProgress() throws IOException {
    try {
      return reader.getProgress();
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static InterruptedIOException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    InterruptedIOException io = new InterruptedIOException("interrupted while reading input");
    io.initCause(e);
    return io;
  }
}
