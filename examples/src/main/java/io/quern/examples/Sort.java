package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.io.SequenceFile;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.files.JobFiles;
import io.quern.mapreduce.files.JobFiles.FileEntry;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;

/**
 * Sorts SequenceFiles by key: {@code sort IN OUT}, with the key and value classes of the
 * input's first file; each reduce's output is sorted.
 */
public class Sort extends Configured implements Tool {
  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: sort <in> <out>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "sorter");
    job.setJarByClass(Sort.class);
    FileInputFormat.addInputPath(job, args[0]);
    FileOutputFormat.setOutputPath(job, args[1]);
    job.setInputFormatClass(SequenceFileInputFormat.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    Class<?>[] classes = recordClasses(args[0], job);
    job.setOutputKeyClass(classes[0]);
    job.setOutputValueClass(classes[1]);
    return job.waitForCompletion(true) ? 0 : 1;
  }

  private Class<?>[] recordClasses(String in, Job job) throws IOException {
    JobFiles fs = JobFiles.get(in, getConf());
    for (FileEntry e : fs.list(in)) {
      if (!e.isDirectory() && !e.name().startsWith("_") && !e.name().startsWith(".")) {
        try (SequenceFile.Reader r = new SequenceFile.Reader(fs.open(e.path()))) {
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
