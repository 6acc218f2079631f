package io.quern.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A streaming combiner that never ends, running in a map's background spill when the job is killed. */
@Timeout(90)
class StreamCombinerKillTest {
  @TempDir
  Path dir;

  /** Writes well over a 1 MB sort buffer's spill threshold, then waits, as a slow map would, until it is killed. */
  public static class SpillingThenWaitingMapper extends Mapper<LongWritable, Text, Text, Text> {
    @Override
    protected void map(LongWritable key, Text line, Context context) throws IOException, InterruptedException {
      Text value = new Text("v".repeat(100));
      for (int i = 0; i < 12_000; i++) {
        context.write(new Text(String.format("k%06d", i)), value);
      }
      new CountDownLatch(1).await(); // interrupted by the kill
    }
  }

  @Test
  void killingTheJobStopsACombinerThatHangsInASpillAndEndsTheMap() throws Exception {
    Assumptions.assumeTrue(TaskProcesses.searchable(), "the combiner's processes are found by tag on Linux only");
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.set(MRJobConfig.STAGING_DIR, dir.resolve("staging").toString());
    conf.set("io.sort.mb", "1");
    conf.set(TaskProcesses.GRACE_KEY, "300ms");
    // Reads its input to the end, then never exits.
    conf.set(StreamKeys.COMBINE_COMMAND, "sh -c 'cat >/dev/null; exec sleep 600'");
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a"), "one line\n");
    Job job = Job.getInstance(conf, "a combiner that hangs");
    job.setMapperClass(SpillingThenWaitingMapper.class);
    job.setCombinerClass(PipeCombiner.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, dir.resolve("out").toString());
    job.submit();
    String attempt = new TaskAttemptID(new TaskID(job.getJobID(), TaskType.MAP, 0), 0).toString();
    Wait.until("the combiner to run in a spill", Duration.ofSeconds(30),
        () -> !TaskProcesses.tagged(TaskProcesses.PROCESS_VARIABLE, TaskProcesses.ofAttempt(attempt)).isEmpty());
    job.killJob();
    Wait.until("the job to end", Duration.ofSeconds(20), () -> {
      try {
        return job.isComplete();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertEquals(JobState.KILLED, job.getJobState());
    Wait.until("the combiner's processes to be gone", Duration.ofSeconds(20),
        () -> TaskProcesses.tagged(TaskProcesses.PROCESS_VARIABLE, TaskProcesses.ofAttempt(attempt)).isEmpty());
    Wait.until("the map's thread and its spill's to end", Duration.ofSeconds(20),
        () -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
            && (t.getName().equals("local-map-" + job.getJobID()) || t.getName().startsWith(attempt + "-combiner"))));
  }
}
