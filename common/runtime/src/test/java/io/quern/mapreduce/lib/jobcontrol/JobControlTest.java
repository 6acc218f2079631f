package io.quern.mapreduce.lib.jobcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.LocalJobs;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.jobcontrol.ControlledJob.State;
import io.quern.mapreduce.lib.map.TokenCounterMapper;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.reduce.IntSumReducer;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain of dependent local jobs, and a failing job whose dependents never run. */
class JobControlTest {
  @TempDir
  Path dir;

  /** (count, 1) for each (word, count) line: the second job makes a histogram of the first one's counts. */
  public static class CountOfCount extends Mapper<Text, Text, IntWritable, IntWritable> {
    @Override
    protected void map(Text key, Text value, Context context) throws IOException, InterruptedException {
      context.write(new IntWritable(Integer.parseInt(value.toString())), new IntWritable(1));
    }
  }

  public static class Fails extends Mapper<LongWritable, Text, Text, Text> {
    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException {
      throw new IOException("this job fails on purpose");
    }
  }

  private Job job(String name, Path in, Path out) throws IOException {
    Job job = LocalJobs.job(dir, name);
    FileInputFormat.addInputPath(job, LocalJobs.path(in));
    FileOutputFormat.setOutputPath(job, LocalJobs.path(out));
    return job;
  }

  @Test
  void jobsRunInDependencyOrderAndAFailureFailsItsDependents() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Random r = new Random(2);
    Map<String, Integer> counts = new TreeMap<>();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String w = "w" + r.nextInt(200);
      counts.merge(w, 1, Integer::sum);
      lines.add(w);
    }
    Files.write(in.resolve("words"), lines);

    Job count = job("count", in, dir.resolve("counts"));
    count.setMapperClass(TokenCounterMapper.class);
    count.setReducerClass(IntSumReducer.class);
    count.setOutputKeyClass(Text.class);
    count.setOutputValueClass(IntWritable.class);
    ControlledJob a = new ControlledJob(count, null);

    Job histogram = job("histogram", dir.resolve("counts"), dir.resolve("histogram"));
    histogram.setInputFormatClass(KeyValueTextInputFormat.class);
    histogram.setMapperClass(CountOfCount.class);
    histogram.setReducerClass(IntSumReducer.class);
    histogram.setOutputKeyClass(IntWritable.class);
    histogram.setOutputValueClass(IntWritable.class);
    ControlledJob b = new ControlledJob(histogram, List.of(a));

    Job copy = job("copy", dir.resolve("histogram"), dir.resolve("copy"));
    copy.setNumReduceTasks(0);
    ControlledJob c = new ControlledJob(copy, null);
    assertTrue(c.addDependingJob(b));

    Job broken = job("broken", in, dir.resolve("broken"));
    broken.setMapperClass(Fails.class);
    broken.setNumReduceTasks(0);
    ControlledJob f = new ControlledJob(broken, null);
    ControlledJob g = new ControlledJob(job("after-broken", in, dir.resolve("g")), List.of(f));
    ControlledJob h = new ControlledJob(job("after-after", in, dir.resolve("h")), List.of(g, a));

    JobControl control = new JobControl("group");
    for (ControlledJob j : List.of(c, b, a, h, g, f)) {
      control.addJob(j);
    }
    assertEquals("group0", c.getJobID());
    assertEquals(6, control.getWaitingJobList().size());
    Thread runner = new Thread(control, "jobcontrol");
    runner.setDaemon(true);
    runner.start();
    Wait.until("every job to end", Duration.ofSeconds(60), control::allFinished);
    control.stop();
    runner.join(10_000);
    assertEquals(JobControl.ThreadState.STOPPED, control.getThreadState());

    assertEquals(Set.of(a, b, c), Set.copyOf(control.getSuccessfulJobList()));
    assertEquals(Set.of(f, g, h), Set.copyOf(control.getFailedJobList()));
    assertEquals(State.SUCCESS, c.getJobState());
    assertEquals(State.FAILED, f.getJobState());
    assertTrue(f.getMessage().contains("fails on purpose"), f.getMessage());
    assertEquals(State.DEPENDENT_FAILED, g.getJobState());
    assertEquals(State.DEPENDENT_FAILED, h.getJobState());
    assertTrue(g.getMessage().contains(f.getJobID()), g.getMessage());
    assertFalse(Files.exists(dir.resolve("g")), "a job whose dependency failed never runs");
    assertFalse(g.addDependingJob(a), "dependencies are fixed once a job left WAITING");

    // The dependent jobs read what the earlier ones wrote.
    Map<Integer, Integer> reference = new TreeMap<>(counts.values().stream()
        .collect(Collectors.groupingBy(n -> n, Collectors.summingInt(n -> 1))));
    Map<Integer, Integer> got = new TreeMap<>();
    for (String line : LocalJobs.lines(dir.resolve("copy"), "part-m-")) {
      String[] kv = line.substring(line.indexOf('\t') + 1).split("\t");
      got.put(Integer.parseInt(kv[0]), Integer.parseInt(kv[1]));
    }
    assertEquals(reference, got);
  }
}
