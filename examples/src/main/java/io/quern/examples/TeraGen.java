package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;

/** Generates TeraSort input: {@code teragen ROWS OUT}, maps from {@code -D mapred.map.tasks} (default 2). */
public class TeraGen extends Configured implements Tool {
  public static final String MAP_TASKS = "mapred.map.tasks";

  /** Turns row numbers into records. */
  public static class GenMapper extends Mapper<LongWritable, NullWritable, Text, Text> {
    private final byte[] rec = new byte[TeraRecord.LENGTH];
    private final Text key = new Text();
    private final Text value = new Text();

    @Override
    protected void map(LongWritable row, NullWritable ignored, Context context)
        throws IOException, InterruptedException {
      TeraRecord.generate(row.get(), rec);
      key.set(rec, 0, TeraRecord.KEY_LENGTH);
      value.set(rec, TeraRecord.KEY_LENGTH, TeraRecord.VALUE_LENGTH);
      context.write(key, value);
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: teragen <number of 100-byte rows> <output dir>");
      return 2;
    }
    long rows = Long.parseLong(args[0]);
    Job job = Job.getInstance(getConf(), "TeraGen");
    job.setJarByClass(TeraGen.class);
    RangeInputFormat.configure(job.getConfiguration(), rows, MapredKeys.NUM_MAPS.getInt(job.getConfiguration()));
    job.setInputFormatClass(RangeInputFormat.class);
    job.setMapperClass(GenMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(TeraOutputFormat.class);
    FileOutputFormat.setOutputPath(job, args[1]);
    return job.waitForCompletion(true) ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new TeraGen(), args));
  }
}
