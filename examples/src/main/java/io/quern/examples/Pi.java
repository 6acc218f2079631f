package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.io.BooleanWritable;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.files.JobFiles;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;

/**
 * Estimates pi: {@code pi MAPS SAMPLES}. Each map places SAMPLES points of a Halton
 * sequence in the unit square and counts those inside the quarter circle; one reduce sums.
 */
public class Pi extends Configured implements Tool {
  static final String SAMPLES = "examples.pi.samples";

  /** Counts the points of its share of the sequence inside and outside the circle. */
  public static class PiMapper extends Mapper<LongWritable, NullWritable, BooleanWritable, LongWritable> {
    private long inside;
    private long outside;

    @Override
    protected void map(LongWritable mapIndex, NullWritable ignored, Context context) {
      long samples = context.getConfiguration().getLong(SAMPLES, 1000);
      long offset = mapIndex.get() * samples;
      for (long i = 0; i < samples; i++) {
        double x = halton(offset + i + 1, 2) - 0.5;
        double y = halton(offset + i + 1, 3) - 0.5;
        if (x * x + y * y > 0.25) {
          outside++;
        } else {
          inside++;
        }
        if ((i & 0xffff) == 0) {
          context.progress();
        }
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      context.write(new BooleanWritable(true), new LongWritable(inside));
      context.write(new BooleanWritable(false), new LongWritable(outside));
    }

    private static double halton(long index, int base) {
      double f = 1;
      double r = 0;
      while (index > 0) {
        f /= base;
        r += f * (index % base);
        index /= base;
      }
      return r;
    }
  }

  /** Sums the counts of points inside (true) and outside (false). */
  public static class SumReducer extends Reducer<BooleanWritable, LongWritable, BooleanWritable, LongWritable> {
    @Override
    protected void reduce(BooleanWritable key, Iterable<LongWritable> values, Context context)
        throws IOException, InterruptedException {
      long sum = 0;
      for (LongWritable v : values) {
        sum += v.get();
      }
      context.write(key, new LongWritable(sum));
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: pi <number of maps> <samples per map>");
      return 2;
    }
    int maps = Integer.parseInt(args[0]);
    long samples = Long.parseLong(args[1]);
    Job job = Job.getInstance(getConf(), "pi");
    job.setJarByClass(Pi.class);
    RangeInputFormat.configure(job.getConfiguration(), maps, maps);
    job.getConfiguration().setLong(SAMPLES, samples);
    job.setInputFormatClass(RangeInputFormat.class);
    job.setMapperClass(PiMapper.class);
    job.setReducerClass(SumReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(BooleanWritable.class);
    job.setOutputValueClass(LongWritable.class);
    String tmp = job.getConfiguration().get("mapreduce.jobtracker.staging.root.dir",
        System.getProperty("java.io.tmpdir")) + "/pi-" + System.nanoTime();
    FileOutputFormat.setOutputPath(job, tmp);
    System.out.println("Number of Maps  = " + maps);
    System.out.println("Samples per Map = " + samples);
    JobFiles fs = JobFiles.get(tmp, job.getConfiguration());
    try {
      if (!job.waitForCompletion(true)) {
        return 1;
      }
      long inside = 0;
      long outside = 0;
      String part = tmp + "/part-r-00000";
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          new SeekableStream(fs.open(part)), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] kv = line.split("\t");
          if (kv[0].equals("true")) {
            inside = Long.parseLong(kv[1]);
          } else {
            outside = Long.parseLong(kv[1]);
          }
        }
      }
      BigDecimal pi = BigDecimal.valueOf(4).multiply(BigDecimal.valueOf(inside))
          .divide(BigDecimal.valueOf(inside + outside), MathContext.DECIMAL64);
      System.out.println("Estimated value of Pi is " + pi);
      return 0;
    } finally {
      fs.delete(tmp, true);
    }
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Pi(), args));
  }
}
