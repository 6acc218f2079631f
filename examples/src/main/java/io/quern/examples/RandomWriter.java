package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.io.BytesWritable;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.Random;

/**
 * Writes random binary records: {@code randomwriter OUT}, a map-only job whose maps each write a
 * SequenceFile of random {@code BytesWritable} keys and values, until the keys and values they
 * wrote reach {@value #BYTES_PER_MAP} bytes. Sizes and counts are Hadoop's keys (see
 * mapred-default.xml); the input of {@code sort}.
 */
public class RandomWriter extends Configured implements Tool {
  public static final String TOTAL_BYTES = "mapreduce.randomwriter.totalbytes";
  public static final String BYTES_PER_MAP = "mapreduce.randomwriter.bytespermap";
  public static final String MAPS_PER_HOST = "mapreduce.randomwriter.mapsperhost";
  public static final String MIN_KEY = "mapreduce.randomwriter.minkey";
  public static final String MAX_KEY = "mapreduce.randomwriter.maxkey";
  public static final String MIN_VALUE = "mapreduce.randomwriter.minvalue";
  public static final String MAX_VALUE = "mapreduce.randomwriter.maxvalue";

  /** What the maps wrote. */
  public enum Counters { RECORDS_WRITTEN, BYTES_WRITTEN }

  /** Writes random records until its share of bytes is written; key and value sizes are uniform in [min, max). */
  public static class RandomMapper extends Mapper<LongWritable, NullWritable, BytesWritable, BytesWritable> {
    private final Random random = new Random();
    private final BytesWritable key = new BytesWritable();
    private final BytesWritable value = new BytesWritable();

    @Override
    protected void map(LongWritable mapIndex, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      Configuration conf = context.getConfiguration();
      long left = ExampleKeys.RANDOMWRITER_BYTES_PER_MAP.getLong(conf);
      int minKey = ExampleKeys.RANDOMWRITER_MIN_KEY.getInt(conf);
      int keyRange = ExampleKeys.RANDOMWRITER_MAX_KEY.getInt(conf) - minKey;
      int minValue = ExampleKeys.RANDOMWRITER_MIN_VALUE.getInt(conf);
      int valueRange = ExampleKeys.RANDOMWRITER_MAX_VALUE.getInt(conf) - minValue;
      long records = 0;
      while (left > 0) {
        fill(key, minKey + (keyRange > 0 ? random.nextInt(keyRange) : 0));
        fill(value, minValue + (valueRange > 0 ? random.nextInt(valueRange) : 0));
        context.write(key, value);
        int written = key.getLength() + value.getLength();
        left -= written;
        context.getCounter(Counters.BYTES_WRITTEN).increment(written);
        context.getCounter(Counters.RECORDS_WRITTEN).increment(1);
        if (++records % 200 == 0) {
          context.setStatus("wrote record " + records + ". " + left + " bytes left.");
        }
      }
      context.setStatus("done with " + records + " records.");
    }

    private void fill(BytesWritable w, int size) {
      w.setSize(size);
      byte[] b = w.getBytes();
      for (int i = 0; i < size; i++) {
        b[i] = (byte) random.nextInt(256);
      }
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("Usage: randomwriter <out-dir>");
      ToolRunner.printGenericCommandUsage(System.err);
      return 2;
    }
    Configuration conf = getConf();
    int maps = RandomWriterMaps.compute(conf, ExampleKeys.RANDOMWRITER_TOTAL_BYTES,
        ExampleKeys.RANDOMWRITER_BYTES_PER_MAP, ExampleKeys.RANDOMWRITER_MAPS_PER_HOST);
    Job job = Job.getInstance(conf, "random-writer");
    job.setJarByClass(RandomWriter.class);
    RangeInputFormat.configure(job.getConfiguration(), maps, maps);
    job.setInputFormatClass(RangeInputFormat.class);
    job.setMapperClass(RandomMapper.class);
    job.setOutputKeyClass(BytesWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    job.setNumReduceTasks(0);
    FileOutputFormat.setOutputPath(job, args[0]);
    System.out.println("Running " + maps + " maps.");
    long start = System.currentTimeMillis();
    int status = job.waitForCompletion(true) ? 0 : 1;
    System.out.println("The job took " + (System.currentTimeMillis() - start) / 1000 + " seconds.");
    return status;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new RandomWriter(), args));
  }
}
