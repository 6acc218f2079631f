package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.output.NullOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;

/**
 * Maps and reduces that only sleep, for scheduling tests:
 * {@code sleep [-m MAPS] [-r REDUCES] [-mt MAP_MS] [-rt REDUCE_MS]}.
 */
public class SleepJob extends Configured implements Tool {
  static final String MAP_MS = "examples.sleep.map.ms";
  static final String REDUCE_MS = "examples.sleep.reduce.ms";

  /** Sleeps, then sends one record to every reduce. */
  public static class SleepMapper extends Mapper<LongWritable, NullWritable, IntWritable, NullWritable> {
    @Override
    protected void map(LongWritable key, NullWritable value, Context context) throws IOException, InterruptedException {
      sleep(ExampleKeys.SLEEP_MAP_MS.getLong(context.getConfiguration()), context);
      for (int r = 0; r < context.getNumReduceTasks(); r++) {
        context.write(new IntWritable(r), NullWritable.get());
      }
    }
  }

  /** Sends key r to reduce r. */
  public static class IdentityPartitioner extends io.quern.mapreduce.Partitioner<IntWritable, NullWritable> {
    @Override
    public int getPartition(IntWritable key, NullWritable value, int numPartitions) {
      return key.get() % numPartitions;
    }
  }

  /** Sleeps once per reduce. */
  public static class SleepReducer extends Reducer<IntWritable, NullWritable, NullWritable, NullWritable> {
    @Override
    protected void reduce(IntWritable key, Iterable<NullWritable> values, Context context)
        throws IOException, InterruptedException {
      sleep(ExampleKeys.SLEEP_REDUCE_MS.getLong(context.getConfiguration()), context);
    }
  }

  private static void sleep(long millis, io.quern.mapreduce.TaskAttemptContext context) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    for (long left = millis; left > 0; left = end - System.currentTimeMillis()) {
      Thread.sleep(Math.min(left, 500));
      context.progress();
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    int maps = 1;
    int reduces = 1;
    long mapMs = 100;
    long reduceMs = 100;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-m" -> maps = Integer.parseInt(args[++i]);
        case "-r" -> reduces = Integer.parseInt(args[++i]);
        case "-mt" -> mapMs = Long.parseLong(args[++i]);
        case "-rt" -> reduceMs = Long.parseLong(args[++i]);
        default -> {
          System.err.println("Usage: sleep [-m maps] [-r reduces] [-mt map ms] [-rt reduce ms]");
          return 2;
        }
      }
    }
    Job job = Job.getInstance(getConf(), "sleep");
    job.setJarByClass(SleepJob.class);
    RangeInputFormat.configure(job.getConfiguration(), maps, maps);
    job.getConfiguration().setLong(MAP_MS, mapMs);
    job.getConfiguration().setLong(REDUCE_MS, reduceMs);
    job.setInputFormatClass(RangeInputFormat.class);
    job.setMapperClass(SleepMapper.class);
    job.setPartitionerClass(IdentityPartitioner.class);
    job.setReducerClass(SleepReducer.class);
    job.setNumReduceTasks(reduces);
    job.setMapOutputKeyClass(IntWritable.class);
    job.setMapOutputValueClass(NullWritable.class);
    job.setOutputFormatClass(NullOutputFormat.class);
    return job.waitForCompletion(true) ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new SleepJob(), args));
  }
}
