package io.quern.mapred;

import io.quern.fs.Path;
import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.util.ReflectionUtils;
import java.io.IOException;

/**
 * SequenceFiles: a split starts at the first sync mark after its start and reads records
 * until it passes a sync mark at or after its end, as the new API's reader does.
 */
public class SequenceFileInputFormat<K, V> extends FileInputFormat<K, V> {
  public SequenceFileInputFormat() {
    // A split smaller than the distance between sync marks could hold no record start.
    setMinSplitSize(SequenceFile.SYNC_INTERVAL);
  }

  @Override
  public RecordReader<K, V> getRecordReader(InputSplit split, JobConf job, Reporter reporter) throws IOException {
    reporter.setStatus(split.toString());
    return new Reader<>((FileSplit) split, job);
  }

  /**
   * Reads the records of one split into the caller's key and value.
   *
   * <p>Confined to the task's thread, as is all its state.
   */
  private static final class Reader<K, V> implements RecordReader<K, V> {
    private final SequenceFile.Reader in;
    private final JobConf job;
    private final long start;
    private final long end;
    private boolean more;

    Reader(FileSplit split, JobConf job) throws IOException {
      Path file = split.getPath();
      this.in = new SequenceFile.Reader(file.getFileSystem(job).open(file));
      this.job = job;
      long first = split.getStart();
      end = first + split.getLength();
      if (first > in.getPosition()) {
        in.sync(first);
      }
      start = in.getPosition();
      more = start < end;
    }

    @Override
    public boolean next(K key, V value) throws IOException {
      if (!more) {
        return false;
      }
      long pos = in.getPosition();
      boolean got = in.next((Writable) key, (Writable) value);
      if (!got || (pos >= end && in.syncSeen())) {
        more = false;
      }
      return more;
    }

    @Override
    @SuppressWarnings("unchecked")
    public K createKey() {
      return (K) ReflectionUtils.newInstance(in.getKeyClass(), job);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V createValue() {
      return (V) ReflectionUtils.newInstance(in.getValueClass(), job);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPosition();
    }

    @Override
    public float getProgress() throws IOException {
      return end == start ? 1f : Math.min(1f, (in.getPosition() - start) / (float) (end - start));
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
