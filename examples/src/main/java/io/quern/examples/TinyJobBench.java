package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.util.Arrays;

/**
 * Benchmark driver: runs the same tiny wordcount (one line of input, one map, one reduce)
 * RUNS times from one client JVM and prints, per run, the seconds from {@code submit()} to
 * success, then the median: {@code tinyjob IN OUTBASE [RUNS=10] [PAUSE_MS=0]}. With a pause
 * it waits that many milliseconds before each submission: a job submitted to an otherwise idle
 * cluster, whose workers have had the time to ready a spare task JVM (back to back, on a machine
 * of two cores, the spares of three workers warming up take the cores the next job needs).
 */
public class TinyJobBench extends Configured implements Tool {
  @Override
  public int run(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("Usage: tinyjob <in> <outbase> [runs] [pause ms before each]");
      return 2;
    }
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    double[] secs = new double[runs];
    long pauseMillis = args.length > 3 ? Long.parseLong(args[3]) : 0;
    for (int i = 0; i < runs; i++) {
      Job job = Job.getInstance(getConf(), "tiny " + i);
      job.setJarByClass(TinyJobBench.class);
      job.setMapperClass(WordCount.TokenizerMapper.class);
      job.setCombinerClass(WordCount.IntSumReducer.class);
      job.setReducerClass(WordCount.IntSumReducer.class);
      job.setOutputKeyClass(Text.class);
      job.setOutputValueClass(IntWritable.class);
      job.setNumReduceTasks(1);
      FileInputFormat.addInputPath(job, args[0]);
      FileOutputFormat.setOutputPath(job, args[1] + "/" + i);
      if (pauseMillis > 0) {
        Thread.sleep(pauseMillis);
      }
      long t0 = System.nanoTime();
      job.submit();
      boolean ok = job.waitForCompletion(false);
      secs[i] = (System.nanoTime() - t0) / 1e9;
      if (!ok) {
        System.err.println("tiny job " + i + " failed");
        return 1;
      }
      System.out.printf("run %d %.3f%n", i, secs[i]);
    }
    double[] sorted = secs.clone();
    Arrays.sort(sorted);
    double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
    System.out.printf("median %.3f%n", median);
    return 0;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new TinyJobBench(), args));
  }
}
