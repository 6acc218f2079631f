package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.fs.Path;
import io.quern.io.BytesWritable;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.io.WritableUtils;
import io.quern.mapred.ClusterStatus;
import io.quern.mapred.JobClient;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.FileSplit;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.join.TupleWritable;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Joins inputs on their keys: {@code join [-r REDUCES] [-inFormat CLASS] [-outFormat CLASS]
 * [-outKey CLASS] [-outValue CLASS] [-joinOp inner|outer|override] IN... OUT}, Hadoop's
 * arguments. For each key, {@code inner} writes a {@link TupleWritable} of one value from each
 * input, for every combination, when all inputs have the key; {@code outer} does so whenever
 * any input has it, leaving the others' positions empty; {@code override} writes the values
 * of the last input that has the key. Defaults: SequenceFiles in and out, BytesWritable keys
 * (randomwriter's output).
 *
 * <p>Hadoop's example joins on the map side with CompositeInputFormat, which needs inputs
 * sorted and partitioned alike; this one joins on the reduce side, for any inputs: each map
 * tags its records with the position of the input its split's file came from, and the reduce
 * sees all inputs' values of a key together. The inputs must be distinct paths.
 */
public class Join extends Configured implements Tool {
  public static final String REDUCES_PER_HOST = "mapreduce.join.reduces_per_host";
  /** The join operation, as given to {@code -joinOp}. */
  static final String JOIN_OP = "examples.join.op";

  /** Emits (key, a tuple holding the value at its input's position) for each record. */
  public static class TaggingMapper<K extends WritableComparable<?>, V extends Writable>
      extends Mapper<K, V, K, TupleWritable> {
    private int source;
    private int sources;

    @Override
    protected void setup(Context context) throws IOException {
      Path[] inputs = FileInputFormat.getInputPaths(context);
      InputSplit split = context.getInputSplit();
      if (!(split instanceof FileSplit file)) {
        throw new IOException("join tags records by the input file they come from; the input format gave a "
            + split.getClass().getName() + ", not a FileSplit");
      }
      sources = inputs.length;
      source = sourceOf(file.getPath(), inputs);
      if (source < 0) {
        throw new IOException("file " + file.getPath() + " is under none of the join's inputs");
      }
    }

    @Override
    protected void map(K key, V value, Context context) throws IOException, InterruptedException {
      Writable[] slots = new Writable[sources];
      slots[source] = value;
      context.write(key, new TupleWritable(slots));
    }
  }

  /** The position of the input that holds {@code file}: the deepest input equal to it or a directory above it, or -1. */
  static int sourceOf(Path file, Path[] inputs) {
    String f = file.toUri().getPath();
    int best = -1;
    int bestLength = -1;
    for (int i = 0; i < inputs.length; i++) {
      String in = stripSlash(inputs[i].toUri().getPath());
      if ((f.equals(in) || f.startsWith(in + "/")) && in.length() > bestLength) {
        best = i;
        bestLength = in.length();
      }
    }
    return best;
  }

  private static String stripSlash(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** Joins the tagged values of each key as the job's operation says. */
  public static class JoinReducer<K> extends Reducer<K, TupleWritable, K, Writable> {
    private String op;
    private int sources;

    @Override
    protected void setup(Context context) {
      op = ExampleKeys.JOIN_OP.get(context.getConfiguration());
      sources = FileInputFormat.getInputPaths(context).length;
    }

    @Override
    protected void reduce(K key, Iterable<TupleWritable> tagged, Context context)
        throws IOException, InterruptedException {
      List<List<Writable>> bySource = new ArrayList<>();
      for (int i = 0; i < sources; i++) {
        bySource.add(new ArrayList<>());
      }
      Configuration conf = context.getConfiguration();
      for (TupleWritable t : tagged) {
        for (int i = 0; i < t.size(); i++) {
          if (t.has(i)) {
            // The framework reuses the value objects: keep copies.
            bySource.get(i).add(WritableUtils.clone(t.get(i), conf));
          }
        }
      }
      if (op.equals("override")) {
        for (int i = sources - 1; i >= 0; i--) {
          if (!bySource.get(i).isEmpty()) {
            for (Writable v : bySource.get(i)) {
              context.write(key, v);
            }
            return;
          }
        }
        return;
      }
      boolean outer = op.equals("outer");
      for (List<Writable> values : bySource) {
        if (values.isEmpty()) {
          if (!outer) {
            return;
          }
          values.add(null);
        }
      }
      // Every combination of one value per input, the last input varying fastest.
      int[] at = new int[sources];
      while (true) {
        Writable[] row = new Writable[sources];
        for (int i = 0; i < sources; i++) {
          row[i] = bySource.get(i).get(at[i]);
        }
        context.write(key, new TupleWritable(row));
        int i = sources - 1;
        while (i >= 0 && ++at[i] == bySource.get(i).size()) {
          at[i--] = 0;
        }
        if (i < 0) {
          return;
        }
      }
    }
  }

  private static int usage(String error) {
    if (error != null) {
      System.err.println("ERROR: " + error);
    }
    System.err.println("Usage: join [-r <reduces>] [-inFormat <input format class>] [-outFormat <output format class>] "
        + "[-outKey <output key class>] [-outValue <output value class>] [-joinOp <inner|outer|override>] "
        + "[input]* <input> <output>");
    ToolRunner.printGenericCommandUsage(System.err);
    return 2;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public int run(String[] args) throws Exception {
    Configuration conf = getConf();
    JobClient client = new JobClient(conf);
    ClusterStatus cluster = client.getClusterStatus();
    int reduces = Math.max(1, (int) (cluster.getMaxReduceTasks() * 0.9));
    String perHost = conf.getTrimmed(REDUCES_PER_HOST);
    if (perHost != null) {
      reduces = Math.max(1, cluster.getTaskTrackers() * Integer.parseInt(perHost));
    }
    Class<? extends InputFormat> inputFormat = SequenceFileInputFormat.class;
    Class<? extends OutputFormat> outputFormat = SequenceFileOutputFormat.class;
    Class<?> outputKey = BytesWritable.class;
    Class<?> outputValue = TupleWritable.class;
    String op = "inner";
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      boolean option = a.equals("-r") || a.equals("-inFormat") || a.equals("-outFormat") || a.equals("-outKey")
          || a.equals("-outValue") || a.equals("-joinOp");
      if (!option) {
        paths.add(a);
        continue;
      }
      if (++i == args.length) {
        return usage(a + " needs a value");
      }
      try {
        switch (a) {
          case "-r" -> reduces = Integer.parseInt(args[i]);
          case "-inFormat" -> inputFormat = conf.getClassByName(args[i]).asSubclass(InputFormat.class);
          case "-outFormat" -> outputFormat = conf.getClassByName(args[i]).asSubclass(OutputFormat.class);
          case "-outKey" -> outputKey = conf.getClassByName(args[i]).asSubclass(WritableComparable.class);
          case "-outValue" -> outputValue = conf.getClassByName(args[i]).asSubclass(Writable.class);
          default -> op = args[i].toLowerCase(Locale.ROOT);
        }
      } catch (NumberFormatException e) {
        return usage("an integer expected after -r, not " + args[i]);
      } catch (ClassNotFoundException | ClassCastException e) {
        return usage(a + " " + args[i] + ": no such class of the right kind on the class path");
      }
    }
    if (!op.equals("inner") && !op.equals("outer") && !op.equals("override")) {
      return usage("-joinOp must be inner, outer or override, not " + op);
    }
    if (paths.size() < 2) {
      return usage("wrong number of parameters: at least one input and the output");
    }
    Job job = Job.getInstance(conf, "join");
    job.setJarByClass(Join.class);
    String out = paths.remove(paths.size() - 1);
    FileOutputFormat.setOutputPath(job, out);
    for (String in : paths) {
      FileInputFormat.addInputPath(job, in);
    }
    String overlap = sameInputs(FileInputFormat.getInputPaths(job));
    if (overlap != null) {
      return usage("input " + overlap + " is given twice: records are told apart by their input path");
    }
    job.getConfiguration().set(JOIN_OP, op);
    job.setInputFormatClass(inputFormat);
    job.setOutputFormatClass(outputFormat);
    job.setMapperClass(TaggingMapper.class);
    job.setReducerClass(JoinReducer.class);
    job.setMapOutputKeyClass(outputKey);
    job.setMapOutputValueClass(TupleWritable.class);
    job.setOutputKeyClass(outputKey);
    job.setOutputValueClass(outputValue);
    job.setNumReduceTasks(reduces);
    System.out.println("Joining " + paths + " (" + op + ") into " + out + " with " + reduces + " reduces.");
    long start = System.currentTimeMillis();
    int status = job.waitForCompletion(true) ? 0 : 1;
    System.out.println("The job took " + (System.currentTimeMillis() - start) / 1000 + " seconds.");
    return status;
  }

  private static String sameInputs(Path[] inputs) {
    for (int i = 0; i < inputs.length; i++) {
      for (int j = i + 1; j < inputs.length; j++) {
        if (stripSlash(inputs[i].toUri().getPath()).equals(stripSlash(inputs[j].toUri().getPath()))) {
          return inputs[i].toString();
        }
      }
    }
    return null;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Join(), args));
  }
}
