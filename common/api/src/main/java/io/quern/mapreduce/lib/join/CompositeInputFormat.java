package io.quern.mapreduce.lib.join;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.io.WritableComparable;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.FileSplit;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hadoop's map-side join: each map reads split {@code i} of every source at once and gets one
 * row per key, as {@value #JOIN_EXPR} says ({@code inner(tbl(Fmt,"/a"),tbl(Fmt,"/b"))}, built
 * with {@link #compose}). As in Hadoop, the sources must be sorted by key and partitioned alike:
 * the same number of files, file {@code i} of each holding the same keys (the output of jobs
 * with the same partitioner and number of reduces). Files are not cut into smaller splits, so
 * file {@code i} of each source (in name order) makes split {@code i}.
 */
@SuppressWarnings("rawtypes")
public class CompositeInputFormat<K extends WritableComparable> extends InputFormat<K, TupleWritable> {
  /** The join expression. */
  public static final String JOIN_EXPR = "mapreduce.join.expr";
  /** A WritableComparator class ordering the keys; without it, the keys' own compareTo. */
  public static final String JOIN_COMPARATOR = "mapreduce.join.keycomparator";

  private static final String HADOOP_PREFIX = "org.apache.hadoop.";
  private static final String INPUT_PACKAGE = "io.quern.mapreduce.lib.input.";

  /** Parses the job's expression, so a malformed one fails before any split is made. */
  public void setFormat(Configuration conf) throws IOException {
    JoinExpression.parse(conf.get(JOIN_EXPR), conf);
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    JoinExpression expression = JoinExpression.parse(conf.get(JOIN_EXPR), conf);
    List<JoinExpression.Table> tables = expression.tables();
    List<List<InputSplit>> perSource = new ArrayList<>();
    for (JoinExpression.Table t : tables) {
      Configuration own = sourceConf(conf, t);
      InputFormat<?, ?> format = ReflectionUtil.newInstance(t.format(), own);
      List<InputSplit> splits = new ArrayList<>(format.getSplits(new JobContextImpl(own, context.getJobID())));
      // Pair the files by name: file systems need not list a directory in order.
      if (splits.stream().allMatch(s -> s instanceof FileSplit)) {
        splits.sort(Comparator.comparing((InputSplit s) -> ((FileSplit) s).getPath().toString())
            .thenComparingLong(s -> ((FileSplit) s).getStart()));
      }
      perSource.add(splits);
    }
    int n = perSource.get(0).size();
    for (int i = 1; i < tables.size(); i++) {
      if (perSource.get(i).size() != n) {
        throw new IOException("join sources must be partitioned alike, but " + tables.get(0) + " has " + n
            + " splits and " + tables.get(i) + " has " + perSource.get(i).size());
      }
    }
    List<InputSplit> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CompositeInputSplit split = new CompositeInputSplit(tables.size());
      for (List<InputSplit> splits : perSource) {
        split.add(splits.get(i));
      }
      out.add(split);
    }
    return out;
  }

  @Override
  @SuppressWarnings("unchecked")
  public RecordReader<K, TupleWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    return (RecordReader) new CompositeRecordReader<>(JoinExpression.parse(conf.get(JOIN_EXPR), conf));
  }

  /** {@code tbl(inf,"path")}: one source for an expression. */
  public static String compose(Class<? extends InputFormat> inf, String path) {
    return "tbl(" + inf.getName() + ",\"" + path + "\")";
  }

  /** {@code op(tbl(inf,"p1"),tbl(inf,"p2"),...)}: a join of paths read with one format. */
  public static String compose(String op, Class<? extends InputFormat> inf, String... path) {
    StringBuilder b = new StringBuilder(op).append('(');
    for (int i = 0; i < path.length; i++) {
      b.append(i > 0 ? "," : "").append(compose(inf, path[i]));
    }
    return b.append(')').toString();
  }

  /** {@code op(tbl(inf,"p1"),tbl(inf,"p2"),...)}: a join of paths read with one format. */
  public static String compose(String op, Class<? extends InputFormat> inf, Path... path) {
    String[] names = new String[path.length];
    for (int i = 0; i < path.length; i++) {
      names[i] = path[i].toString();
    }
    return compose(op, inf, names);
  }

  /**
   * The job's configuration as one source sees it: its path as the input, and files kept whole,
   * since a file cut by block size would no longer pair with the other sources' file.
   */
  static Configuration sourceConf(Configuration conf, JoinExpression.Table t) {
    Configuration own = new Configuration(conf);
    own.set(FileInputFormat.INPUT_DIR, FileInputFormat.qualify(conf, t.path()));
    own.setLong(FileInputFormat.SPLIT_MINSIZE, Long.MAX_VALUE);
    return own;
  }

  /**
   * The input format a {@code tbl} names: as written, else Hadoop's name
   * ({@code org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat}, or the old API's
   * {@code org.apache.hadoop.mapred.SequenceFileInputFormat}) standing for Quern's.
   */
  @SuppressWarnings("unchecked")
  static Class<? extends InputFormat> inputFormatClass(String name, Configuration conf, String where)
      throws IOException {
    List<String> candidates = new ArrayList<>(List.of(name));
    if (name.startsWith(HADOOP_PREFIX)) {
      candidates.add("io.quern." + name.substring(HADOOP_PREFIX.length()));
      candidates.add(INPUT_PACKAGE + name.substring(name.lastIndexOf('.') + 1));
    }
    Class<?> found = null;
    for (String c : candidates) {
      try {
        found = conf.getClassByName(c);
        if (InputFormat.class.isAssignableFrom(found)) {
          return (Class<? extends InputFormat>) found;
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next name
      }
    }
    if (found == null) {
      throw new IOException("input format " + name + " " + where + " is not on the class path");
    }
    throw new IOException("input format " + name + " " + where + " is not a " + InputFormat.class.getName());
  }
}
