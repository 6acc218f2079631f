package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.map.InverseMapper;
import io.quern.mapreduce.lib.map.RegexMapper;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.mapreduce.lib.reduce.LongSumReducer;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;

/**
 * Counts the matches of a regular expression: {@code grep IN[,IN...] OUT REGEX [GROUP]}, as
 * Hadoop's: a first job counts each match (or the regex's group GROUP of it) with the library's
 * RegexMapper and LongSumReducer, a second sorts the matches by decreasing count into one
 * text file of {@code count TAB match} lines.
 */
public class Grep extends Configured implements Tool {
  @Override
  public int run(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("Usage: grep <in> <out> <regex> [<group>]");
      return 2;
    }
    String tmp = args[1] + "-grep-temp-" + System.nanoTime();
    Job count = Job.getInstance(getConf(), "grep-search");
    count.setJarByClass(Grep.class);
    count.getConfiguration().set(RegexMapper.PATTERN, args[2]);
    if (args.length > 3) {
      count.getConfiguration().set(RegexMapper.GROUP, args[3]);
    }
    FileInputFormat.addInputPaths(count, args[0]);
    FileOutputFormat.setOutputPath(count, tmp);
    count.setMapperClass(RegexMapper.class);
    count.setCombinerClass(LongSumReducer.class);
    count.setReducerClass(LongSumReducer.class);
    count.setOutputFormatClass(SequenceFileOutputFormat.class);
    count.setOutputKeyClass(Text.class);
    count.setOutputValueClass(LongWritable.class);
    Path tmpPath = new Path(tmp);
    FileSystem fs = tmpPath.getFileSystem(getConf());
    try {
      if (!count.waitForCompletion(true)) {
        return 1;
      }
      Job sort = Job.getInstance(getConf(), "grep-sort");
      sort.setJarByClass(Grep.class);
      FileInputFormat.addInputPath(sort, tmp);
      FileOutputFormat.setOutputPath(sort, args[1]);
      sort.setInputFormatClass(SequenceFileInputFormat.class);
      sort.setMapperClass(InverseMapper.class);
      sort.setNumReduceTasks(1);
      sort.setSortComparatorClass(LongWritable.DecreasingComparator.class);
      sort.setOutputKeyClass(LongWritable.class);
      sort.setOutputValueClass(Text.class);
      return sort.waitForCompletion(true) ? 0 : 1;
    } finally {
      fs.delete(tmpPath, true);
    }
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Grep(), args));
  }
}
