package io.quern.mapreduce.lib.input;

import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Reads the pieces of a {@link CombineFileSplit} one after the other, each with a new reader
 * of {@code rrClass}, made through its {@code (CombineFileSplit, TaskAttemptContext, Integer)}
 * constructor with the piece's index.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's CombineFileRecordReader is).
 */
public class CombineFileRecordReader<K, V> extends RecordReader<K, V> {
  private static final Class<?>[] CONSTRUCTOR_SIGNATURE =
      {CombineFileSplit.class, TaskAttemptContext.class, Integer.class};

  protected final CombineFileSplit split;
  protected final Constructor<? extends RecordReader<K, V>> rrConstructor;
  protected TaskAttemptContext context;
  protected int idx;
  protected long progress;
  protected RecordReader<K, V> curReader;

  public CombineFileRecordReader(CombineFileSplit split, TaskAttemptContext context,
      Class<? extends RecordReader<K, V>> rrClass) throws IOException {
    this.split = split;
    this.context = context;
    try {
      rrConstructor = rrClass.getDeclaredConstructor(CONSTRUCTOR_SIGNATURE);
      rrConstructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IOException(rrClass.getName() + " needs a constructor (CombineFileSplit, TaskAttemptContext, "
          + "Integer) to read the pieces of a combined split", e);
    }
  }

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) throws IOException, InterruptedException {
    this.context = context;
    idx = 0;
    progress = 0;
    initNextRecordReader();
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    while (curReader == null || !curReader.nextKeyValue()) {
      if (!initNextRecordReader()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public K getCurrentKey() throws IOException, InterruptedException {
    return curReader.getCurrentKey();
  }

  @Override
  public V getCurrentValue() throws IOException, InterruptedException {
    return curReader.getCurrentValue();
  }

  @Override
  public float getProgress() throws IOException, InterruptedException {
    long total = split.getLength();
    if (total == 0) {
      return 1f;
    }
    long done = progress;
    if (curReader != null) {
      done += (long) (curReader.getProgress() * split.getLength(idx - 1));
    }
    return Math.min(1f, done / (float) total);
  }

  @Override
  public void close() throws IOException {
    if (curReader != null) {
      curReader.close();
      curReader = null;
    }
  }

  /** Moves to the next piece; false after the last. */
  protected boolean initNextRecordReader() throws IOException, InterruptedException {
    if (curReader != null) {
      curReader.close();
      curReader = null;
      progress += split.getLength(idx - 1);
    }
    if (idx == split.getNumPaths()) {
      return false;
    }
    context.progress();
    try {
      curReader = rrConstructor.newInstance(split, context, idx);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot make the reader of piece " + idx + " of " + split + ": " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IOException("cannot make the reader of piece " + idx + " of " + split + ": " + e, e);
    }
    idx++;
    curReader.initialize(split, context);
    return true;
  }
}
