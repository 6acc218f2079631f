package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.fs.DfsKeys;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.partition.InputSampler;
import io.quern.mapreduce.lib.partition.TotalOrderPartitioner;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;

/**
 * Sorts TeraSort records: {@code terasort IN OUT}. Keys are sampled to pick split points, so
 * that the reduces' outputs, concatenated in order, are sorted.
 */
public class TeraSort extends Configured implements Tool {
  public static final String SAMPLE_SIZE = "terasort.partitions.sample";
  /** Replication of the sorted output, 1 by default as in Hadoop's TeraSort: the input keeps its own. */
  public static final String OUTPUT_REPLICATION = "mapreduce.terasort.output.replication";

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: terasort <input dir> <output dir>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "TeraSort");
    job.setJarByClass(TeraSort.class);
    FileInputFormat.addInputPath(job, args[0]);
    FileOutputFormat.setOutputPath(job, args[1]);
    job.setInputFormatClass(TeraInputFormat.class);
    job.setOutputFormatClass(TeraOutputFormat.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    // Unless the user chose, one wave of reduces (Hadoop's advice): as many as the cluster has
    // reduce slots, at least 2 so that the output really tests the total order across files.
    // One per map, as before, queued many waves of reduces behind each other on a big input.
    String source = job.getConfiguration().getSource(MRJobConfig.NUM_REDUCES);
    if (source == null || source.endsWith("-default.xml")) {
      int slots = new io.quern.mapreduce.Cluster(job.getConfiguration()).getClusterStatus().getReduceSlotCapacity();
      job.setNumReduceTasks(Math.max(2, slots));
    }
    String partitionFile = args[1] + "/" + TeraInputFormat.PARTITION_FILENAME;
    TotalOrderPartitioner.configure(job, partitionFile);
    long start = System.currentTimeMillis();
    InputSampler.writePartitionFile(job, new InputSampler.SplitSampler<>(
        ExampleKeys.TERASORT_SAMPLE_SIZE.getInt(job.getConfiguration()), 10));
    System.err.println("Computed " + (job.getNumReduceTasks() - 1) + " split points in "
        + (System.currentTimeMillis() - start) + " ms");
    // After the partition file, which every map reads, was written at the usual replication.
    DfsKeys.REPLICATION.set(job.getConfiguration(), ExampleKeys.TERASORT_OUTPUT_REPLICATION.getInt(job.getConfiguration()));
    return job.waitForCompletion(true) ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new TeraSort(), args));
  }
}
