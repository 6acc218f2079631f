package io.quern.worker.child;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.runtime.SortOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;

/**
 * A spare child's rehearsal: one small job run inside this JVM on local files, through the same
 * map, sort, spill, merge, reduce and commit code a real attempt runs. The first execution of
 * that code (class initialization, lambdas, reflection, the interpreter's first passes) then
 * happens while the child waits for work, not on a job's critical path. Identity map and
 * reduce, so nothing of a user's runs here.
 */
final class ChildDryRun {
  private ChildDryRun() {}

  /**
   * A map-only job of an external program, one line per map, as a farm runs: the program's
   * start, its pipes and the search for what it left running are then warm too (the first
   * tasks of a farm otherwise took a second longer than the rest).
   */
  private static boolean streaming(Configuration base, Path scratch) throws IOException, InterruptedException {
    Path in = scratch.resolve("candidates.txt");
    Files.writeString(in, "candidate 1\ncandidate 2\n");
    Configuration conf = new Configuration(base);
    conf.set(io.quern.streaming.StreamKeys.MAP_COMMAND, "cat");
    conf.setInt(io.quern.mapreduce.lib.input.NLineInputFormat.LINES_PER_MAP, 1);
    Job job = Job.getInstance(conf, "child rehearsal of a program");
    job.setMapperClass(io.quern.streaming.PipeMapper.class);
    job.setInputFormatClass(io.quern.mapreduce.lib.input.NLineInputFormat.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setNumReduceTasks(0);
    FileInputFormat.addInputPath(job, "file://" + in);
    FileOutputFormat.setOutputPath(job, "file://" + scratch.resolve("program-out"));
    return job.waitForCompletion(false);
  }

  /** Whether the rehearsal job succeeded; its files are gone once it returns or soon after. */
  static boolean run(Path scratchParent) throws IOException, InterruptedException {
    Files.createDirectories(scratchParent);
    Path scratch = Files.createTempDirectory(scratchParent, "dry-run");
    try {
      Path in = scratch.resolve("in.txt");
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        text.append("line ").append(i * 7919 % 2000).append(" of the rehearsal\n");
      }
      Files.writeString(in, text);
      Configuration conf = new Configuration();
      conf.set(MRJobConfig.FRAMEWORK_NAME, "local");
      conf.set(FileSystem.FS_DEFAULT_NAME_KEY, "file:///");
      MapredKeys.LOCAL_DIR.set(conf, scratch.resolve("local").toString());
      conf.setInt(SortOptions.IO_SORT_MB, 1);
      Job job = Job.getInstance(conf, "child rehearsal");
      job.setOutputKeyClass(LongWritable.class);
      job.setOutputValueClass(Text.class);
      job.setNumReduceTasks(1);
      FileInputFormat.addInputPath(job, "file://" + in);
      FileOutputFormat.setOutputPath(job, "file://" + scratch.resolve("out"));
      return job.waitForCompletion(false) && streaming(conf, scratch);
    } finally {
      // Quietly: the local runner's own clean-up of its directory may still be under way.
      FileUtils.deleteQuietly(scratch.toFile());
    }
  }
}
