package io.quern.mapreduce.lib.join;

import io.quern.conf.Configuration;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.io.WritableComparator;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.task.ConfiguredTaskContext;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link CompositeInputSplit}: opens each source's own reader on its split, with the
 * source's input format and path, and joins them as the expression says.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's CompositeRecordReader is).
 */
public class CompositeRecordReader<K extends WritableComparable<?>, V extends Writable> extends RecordReader<K, V> {
  private final JoinExpression expression;
  private RecordReader<WritableComparable<?>, Writable> root;

  public CompositeRecordReader(JoinExpression expression) {
    this.expression = expression;
  }

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) throws IOException, InterruptedException {
    if (!(split instanceof CompositeInputSplit composite)) {
      throw new IOException("split " + split + " (" + split.getClass().getName()
          + ") did not come from CompositeInputFormat, yet the job reads through it");
    }
    int sources = expression.tables().size();
    if (composite.size() != sources) {
      throw new IOException("composite split of " + composite.size() + " sources for a join expression of "
          + sources + ": " + expression);
    }
    Configuration conf = context.getConfiguration();
    @SuppressWarnings("unchecked")
    Class<? extends WritableComparator> cmp =
        conf.getClass(CompositeInputFormat.JOIN_COMPARATOR, null, WritableComparator.class);
    WritableComparator comparator = cmp == null ? null : ReflectionUtil.newInstance(cmp, conf);
    root = open(expression, composite, new int[1], context, comparator);
  }

  @SuppressWarnings("unchecked")
  private RecordReader<WritableComparable<?>, Writable> open(JoinExpression e, CompositeInputSplit split,
      int[] next, TaskAttemptContext context, WritableComparator comparator) throws IOException, InterruptedException {
    if (e instanceof JoinExpression.Table t) {
      Configuration conf = CompositeInputFormat.sourceConf(context.getConfiguration(), t);
      TaskAttemptContext own = new ConfiguredTaskContext(conf, context);
      InputFormat<WritableComparable<?>, Writable> format = ReflectionUtil.newInstance(t.format(), conf);
      InputSplit s = split.get(next[0]++);
      RecordReader<WritableComparable<?>, Writable> r = format.createRecordReader(s, own);
      r.initialize(s, own);
      return r;
    }
    JoinExpression.Join j = (JoinExpression.Join) e;
    List<RecordReader<WritableComparable<?>, Writable>> children = new ArrayList<>();
    try {
      for (JoinExpression c : j.children()) {
        children.add(open(c, split, next, context, comparator));
      }
    } catch (IOException | RuntimeException | InterruptedException ex) {
      for (RecordReader<?, ?> r : children) {
        try {
          r.close();
        } catch (IOException ce) {
          ex.addSuppressed(ce);
        }
      }
      throw ex;
    }
    return new JoinRecordReader(j.op(), children, comparator, context.getConfiguration());
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    return root.nextKeyValue();
  }

  @Override
  @SuppressWarnings("unchecked")
  public K getCurrentKey() throws IOException, InterruptedException {
    return (K) root.getCurrentKey();
  }

  /** A {@link TupleWritable} for inner and outer joins; the source's own value for override. */
  @Override
  @SuppressWarnings("unchecked")
  public V getCurrentValue() throws IOException, InterruptedException {
    return (V) root.getCurrentValue();
  }

  @Override
  public float getProgress() throws IOException, InterruptedException {
    return root == null ? 0 : root.getProgress();
  }

  @Override
  public void close() throws IOException {
    if (root != null) {
      root.close();
    }
  }
}
