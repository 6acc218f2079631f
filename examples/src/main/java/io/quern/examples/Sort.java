package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.FileUtil;
import io.quern.fs.Path;
import io.quern.io.BytesWritable;
import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.mapred.ClusterStatus;
import io.quern.mapred.JobClient;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.mapreduce.lib.partition.InputSampler;
import io.quern.mapreduce.lib.partition.TotalOrderPartitioner;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sorts records by key with an identity map and reduce: {@code sort [-r REDUCES] [-inFormat CLASS]
 * [-outFormat CLASS] [-outKey CLASS] [-outValue CLASS] [-totalOrder PCNT SAMPLES MAXSPLITS] IN OUT},
 * Hadoop's arguments. Each reduce's output is sorted; with {@code -totalOrder} the input is
 * sampled (the fraction PCNT of records, at most SAMPLES from MAXSPLITS splits) and the parts
 * are ranges, so their concatenation is sorted. SequenceFiles in and out by default; keys and
 * values are BytesWritable as in Hadoop, except that when neither {@code -outKey} nor
 * {@code -outValue} is given for SequenceFile input, the input's own classes are used.
 * The number of reduces is 0.9 of the cluster's reduce slots (or
 * {@code mapreduce.sort.reducesperhost} per worker), at least one.
 */
public class Sort extends Configured implements Tool {
  public static final String REDUCES_PER_HOST = "mapreduce.sort.reducesperhost";

  private static int usage(String error) {
    if (error != null) {
      System.err.println("ERROR: " + error);
    }
    System.err.println("Usage: sort [-r <reduces>] [-inFormat <input format class>] [-outFormat <output format class>] "
        + "[-outKey <output key class>] [-outValue <output value class>] "
        + "[-totalOrder <pcnt> <num samples> <max splits>] <input> <output>");
    ToolRunner.printGenericCommandUsage(System.err);
    return 2;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public int run(String[] args) throws Exception {
    Configuration conf = getConf();
    ClusterStatus cluster = new JobClient(conf).getClusterStatus();
    int reduces = Math.max(1, (int) (cluster.getMaxReduceTasks() * 0.9));
    String perHost = conf.getTrimmed(REDUCES_PER_HOST);
    if (perHost != null) {
      reduces = Math.max(1, cluster.getTaskTrackers() * Integer.parseInt(perHost));
    }
    Class<? extends InputFormat> inputFormat = SequenceFileInputFormat.class;
    Class<? extends OutputFormat> outputFormat = SequenceFileOutputFormat.class;
    Class<?> outputKey = null;
    Class<?> outputValue = null;
    InputSampler.Sampler sampler = null;
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      int values = switch (a) {
        case "-r", "-inFormat", "-outFormat", "-outKey", "-outValue" -> 1;
        case "-totalOrder" -> 3;
        default -> 0;
      };
      if (values == 0) {
        paths.add(a);
        continue;
      }
      if (i + values >= args.length) {
        return usage(a + " needs " + values + (values == 1 ? " value" : " values"));
      }
      try {
        switch (a) {
          case "-r" -> reduces = Integer.parseInt(args[i + 1]);
          case "-inFormat" -> inputFormat = conf.getClassByName(args[i + 1]).asSubclass(InputFormat.class);
          case "-outFormat" -> outputFormat = conf.getClassByName(args[i + 1]).asSubclass(OutputFormat.class);
          case "-outKey" -> outputKey = conf.getClassByName(args[i + 1]).asSubclass(WritableComparable.class);
          case "-outValue" -> outputValue = conf.getClassByName(args[i + 1]).asSubclass(Writable.class);
          default -> {
            double fraction = Double.parseDouble(args[i + 1]);
            int samples = Integer.parseInt(args[i + 2]);
            int maxSplits = Integer.parseInt(args[i + 3]);
            sampler = new InputSampler.RandomSampler<>(fraction, samples, maxSplits <= 0 ? Integer.MAX_VALUE : maxSplits);
          }
        }
      } catch (NumberFormatException e) {
        return usage("a number expected after " + a + ": " + e.getMessage());
      } catch (ClassNotFoundException | ClassCastException e) {
        return usage(a + " " + args[i + 1] + ": no such class of the right kind on the class path");
      }
      i += values;
    }
    if (paths.size() != 2) {
      return usage("wrong number of parameters: " + paths.size() + " instead of 2");
    }
    Job job = Job.getInstance(conf, "sorter");
    job.setJarByClass(Sort.class);
    FileInputFormat.addInputPaths(job, paths.get(0));
    FileOutputFormat.setOutputPath(job, paths.get(1));
    job.setInputFormatClass(inputFormat);
    job.setOutputFormatClass(outputFormat);
    if (outputKey == null && outputValue == null && inputFormat == SequenceFileInputFormat.class) {
      Class<?>[] classes = recordClasses(paths.get(0), job);
      outputKey = classes[0];
      outputValue = classes[1];
    }
    job.setOutputKeyClass(outputKey != null ? outputKey : BytesWritable.class);
    job.setOutputValueClass(outputValue != null ? outputValue : BytesWritable.class);
    job.setNumReduceTasks(reduces);
    if (sampler != null) {
      System.out.println("Sampling input to effect total-order sort...");
      String partitionFile = FileInputFormat.getInputPaths(job)[0] + "/_sortPartitioning";
      TotalOrderPartitioner.configure(job, partitionFile);
      InputSampler.writePartitionFile(job, sampler);
    }
    System.out.println("Running on " + cluster.getTaskTrackers() + " nodes to sort from " + paths.get(0)
        + " into " + paths.get(1) + " with " + reduces + " reduces.");
    long start = System.currentTimeMillis();
    int status = job.waitForCompletion(true) ? 0 : 1;
    System.out.println("The job took " + (System.currentTimeMillis() - start) / 1000 + " seconds.");
    return status;
  }

  /** The key and value classes of the first SequenceFile of the input. */
  private Class<?>[] recordClasses(String in, Job job) throws IOException {
    Path first = FileInputFormat.getInputPaths(job)[0];
    FileSystem fs = first.getFileSystem(job.getConfiguration());
    for (FileStatus e : FileUtil.listSorted(fs, first)) {
      String name = e.getPath().getName();
      if (!e.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
        try (SequenceFile.Reader r = new SequenceFile.Reader(fs.open(e.getPath()), job.getConfiguration())) {
          return new Class<?>[] {r.getKeyClass(), r.getValueClass()};
        }
      }
    }
    throw new IOException("no input files in " + in);
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Sort(), args));
  }
}
