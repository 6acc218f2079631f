package io.quern.mapreduce.lib.join;

import io.quern.conf.Configuration;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.io.WritableComparator;
import io.quern.io.WritableUtils;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges sources sorted by key into join rows. For each key it gathers every value of every
 * source holding it, then yields their cross product: {@code inner} only when all sources hold
 * the key, {@code outer} whenever one does (the others absent), {@code override} the values of
 * the rightmost source that holds it, bare rather than in a tuple. The sources' readers reuse
 * their objects, so the key and values kept across reads are copies.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's JoinRecordReader is).
 */
class JoinRecordReader extends RecordReader<WritableComparable<?>, Writable> {
  private final JoinExpression.Op op;
  private final List<RecordReader<WritableComparable<?>, Writable>> sources;
  private final WritableComparator comparator;
  private final Configuration conf;
  private final boolean[] hasRecord;
  private final List<List<Writable>> values = new ArrayList<>();
  /** Which value of each source the next row takes; meaningful while {@link #rowsLeft}. */
  private final int[] position;
  private boolean started;
  private boolean rowsLeft;
  private WritableComparable<?> key;
  private Writable value;

  JoinRecordReader(JoinExpression.Op op, List<RecordReader<WritableComparable<?>, Writable>> sources,
      WritableComparator comparator, Configuration conf) {
    this.op = op;
    this.sources = sources;
    this.comparator = comparator;
    this.conf = conf;
    this.hasRecord = new boolean[sources.size()];
    this.position = new int[sources.size()];
    for (int i = 0; i < sources.size(); i++) {
      values.add(new ArrayList<>());
    }
  }

  /** The sources are initialized by whoever built them: each needs its own split. */
  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) {}

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    if (!started) {
      for (int i = 0; i < sources.size(); i++) {
        hasRecord[i] = sources.get(i).nextKeyValue();
      }
      started = true;
    }
    while (!rowsLeft) {
      if (!gatherNextKey()) {
        return false;
      }
    }
    value = row();
    advance();
    return true;
  }

  /** Reads every source's values of the smallest key left; false when all sources are done. */
  private boolean gatherNextKey() throws IOException, InterruptedException {
    WritableComparable<?> smallest = null;
    for (int i = 0; i < sources.size(); i++) {
      if (hasRecord[i] && (smallest == null || compare(sources.get(i).getCurrentKey(), smallest) < 0)) {
        smallest = sources.get(i).getCurrentKey();
      }
    }
    if (smallest == null) {
      return false;
    }
    key = WritableUtils.clone(smallest, conf);
    boolean all = true;
    for (int i = 0; i < sources.size(); i++) {
      List<Writable> vs = values.get(i);
      vs.clear();
      RecordReader<WritableComparable<?>, Writable> s = sources.get(i);
      while (hasRecord[i] && compare(s.getCurrentKey(), key) == 0) {
        vs.add(WritableUtils.clone(s.getCurrentValue(), conf));
        hasRecord[i] = s.nextKeyValue();
      }
      if (hasRecord[i] && compare(s.getCurrentKey(), key) < 0) {
        throw new IOException("join source " + i + " is not sorted by key: " + s.getCurrentKey() + " comes after "
            + key + " (every source of a join must be sorted and partitioned alike)");
      }
      all &= !vs.isEmpty();
    }
    java.util.Arrays.fill(position, 0);
    rowsLeft = switch (op) {
      case INNER -> all;
      case OUTER, OVERRIDE -> true;
    };
    return true;
  }

  private Writable row() {
    if (op == JoinExpression.Op.OVERRIDE) {
      return values.get(rightmostHolder()).get(position[rightmostHolder()]);
    }
    Writable[] row = new Writable[sources.size()];
    for (int i = 0; i < row.length; i++) {
      List<Writable> vs = values.get(i);
      row[i] = vs.isEmpty() ? null : vs.get(position[i]);
    }
    return new TupleWritable(row);
  }

  private int rightmostHolder() {
    int i = sources.size() - 1;
    while (values.get(i).isEmpty()) {
      i--;
    }
    return i;
  }

  /** Steps to the next combination of values, rightmost source fastest. */
  private void advance() {
    if (op == JoinExpression.Op.OVERRIDE) {
      int r = rightmostHolder();
      rowsLeft = ++position[r] < values.get(r).size();
      return;
    }
    for (int i = sources.size() - 1; i >= 0; i--) {
      if (++position[i] < Math.max(1, values.get(i).size())) {
        return;
      }
      position[i] = 0;
    }
    rowsLeft = false;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private int compare(WritableComparable<?> a, WritableComparable<?> b) {
    return comparator != null ? comparator.compare(a, b) : ((WritableComparable) a).compareTo(b);
  }

  @Override
  public WritableComparable<?> getCurrentKey() {
    return key;
  }

  @Override
  public Writable getCurrentValue() {
    return value;
  }

  @Override
  public float getProgress() throws IOException, InterruptedException {
    float sum = 0;
    for (RecordReader<?, ?> s : sources) {
      sum += s.getProgress();
    }
    return sources.isEmpty() ? 1 : sum / sources.size();
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (RecordReader<?, ?> s : sources) {
      try {
        s.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
