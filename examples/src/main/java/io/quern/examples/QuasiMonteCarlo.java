package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.BooleanWritable;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Estimates pi (the examples' {@code pi MAPS SAMPLES}, Hadoop's QuasiMonteCarlo): map {@code i}
 * takes the points {@code i*SAMPLES+1 .. (i+1)*SAMPLES} of the 2-D Halton sequence (bases 2 and
 * 3) in the unit square and counts those inside the circle inscribed in it; one reduce sums.
 * pi is about 4 * inside / all, printed to 20 decimal places as Hadoop does.
 */
public class QuasiMonteCarlo extends Configured implements Tool {
  static final String SAMPLES = "examples.pi.samples";

  private BigDecimal lastEstimate;

  /** Counts the points of its share of the sequence inside and outside the circle. */
  public static class QmcMapper extends Mapper<LongWritable, NullWritable, BooleanWritable, LongWritable> {
    private long inside;
    private long outside;

    @Override
    protected void map(LongWritable mapIndex, NullWritable ignored, Context context) {
      long samples = ExampleKeys.PI_SAMPLES.getLong(context.getConfiguration());
      long offset = mapIndex.get() * samples;
      for (long i = 1; i <= samples; i++) {
        double x = radicalInverse(offset + i, 2) - 0.5;
        double y = radicalInverse(offset + i, 3) - 0.5;
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

    /** The Halton coordinate of {@code index} in {@code base}: its base-b digits mirrored after the point. */
    static double radicalInverse(long index, int base) {
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

  /** 4 * inside / (maps * samples), to 20 decimal places, rounded half up. */
  static BigDecimal estimate(long inside, int maps, long samples) {
    BigDecimal total = BigDecimal.valueOf(maps).multiply(BigDecimal.valueOf(samples));
    return BigDecimal.valueOf(4).setScale(20).multiply(BigDecimal.valueOf(inside)).divide(total, RoundingMode.HALF_UP);
  }

  /**
   * Runs the job with {@code maps} maps of {@code samples} points each, its output in
   * {@code tmpDir} (deleted after), and returns the estimate, as Hadoop's method of this name.
   */
  public static BigDecimal estimatePi(int maps, long samples, String tmpDir, Configuration conf)
      throws IOException, InterruptedException {
    Job job = Job.getInstance(conf, "QuasiMonteCarlo");
    job.setJarByClass(QuasiMonteCarlo.class);
    RangeInputFormat.configure(job.getConfiguration(), maps, maps);
    job.getConfiguration().setLong(SAMPLES, samples);
    job.setInputFormatClass(RangeInputFormat.class);
    job.setMapperClass(QmcMapper.class);
    job.setReducerClass(SumReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(BooleanWritable.class);
    job.setOutputValueClass(LongWritable.class);
    job.setSpeculativeExecution(false);
    FileOutputFormat.setOutputPath(job, tmpDir);
    Path tmp = new Path(tmpDir);
    FileSystem fs = tmp.getFileSystem(job.getConfiguration());
    try {
      long began = System.currentTimeMillis();
      if (!job.waitForCompletion(true)) {
        throw new IOException("Job " + job.getJobID() + " failed: " + job.getFailureInfo());
      }
      System.out.println("Job Finished in " + (System.currentTimeMillis() - began) / 1000.0 + " seconds");
      long inside = -1;
      Path part = new Path(tmp, "part-r-00000");
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] kv = line.split("\t");
          if (kv[0].equals("true")) {
            inside = Long.parseLong(kv[1]);
          }
        }
      }
      if (inside < 0) {
        throw new IOException("no count of points inside in " + part);
      }
      return estimate(inside, maps, samples);
    } finally {
      fs.delete(tmp, true);
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: pi <nMaps> <nSamples>");
      ToolRunner.printGenericCommandUsage(System.err);
      return 2;
    }
    int maps = Integer.parseInt(args[0]);
    long samples = Long.parseLong(args[1]);
    Configuration conf = getConf();
    String tmp = MapredKeys.STAGING_DIR.get(conf)
        + "/QuasiMonteCarlo_" + System.currentTimeMillis() + "_" + new java.util.Random().nextInt(Integer.MAX_VALUE);
    System.out.println("Number of Maps  = " + maps);
    System.out.println("Samples per Map = " + samples);
    lastEstimate = estimatePi(maps, samples, tmp, conf);
    System.out.println("Estimated value of Pi is " + lastEstimate);
    return 0;
  }

  /** The estimate the last {@link #run} printed. */
  public BigDecimal getEstimate() {
    return lastEstimate;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new QuasiMonteCarlo(), args));
  }
}
