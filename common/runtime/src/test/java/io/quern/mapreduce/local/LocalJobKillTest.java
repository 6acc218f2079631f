package io.quern.mapreduce.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.testutil.LogCapture;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A kill that arrives while the job's own failure is being handled: the job ends one way, consistently. */
@Timeout(60)
class LocalJobKillTest {
  /** Counted down when the job's thread starts describing the map's failure. */
  static final CountDownLatch DESCRIBING = new CountDownLatch(1);
  /** Counted down by the test once it has killed the job. */
  static final CountDownLatch KILL_SENT = new CountDownLatch(1);

  @TempDir
  Path dir;

  /**
   * A map's failure whose description (toString) on any thread but the one that threw it waits
   * for the test's kill: the job's thread describes it between deciding how the job ended and
   * whether to log the failure, which is where a kill used to change the answer.
   */
  static final class FailureDescribedLate extends IOException {
    private final transient Thread thrower = Thread.currentThread();

    FailureDescribedLate() {
      super("the map gave up");
    }

    @Override
    public String toString() {
      if (Thread.currentThread() != thrower && DESCRIBING.getCount() > 0) {
        DESCRIBING.countDown();
        awaitUninterruptibly(KILL_SENT); // the kill interrupts the describing thread
      }
      return super.toString();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  public static class FailingMapper extends Mapper<LongWritable, Text, Text, Text> {
    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException {
      throw new FailureDescribedLate();
    }
  }

  @Test
  void aKillWhileTheJobsFailureIsHandledLeavesAFailedJobWithItsReasonAndItsWarning() throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.set(MRJobConfig.STAGING_DIR, dir.resolve("staging").toString());
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a"), "one line\n");
    Job job = Job.getInstance(conf, "fails, then is killed");
    job.setMapperClass(FailingMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, dir.resolve("out").toString());
    try (LogCapture log = new LogCapture(LocalJob.class)) {
      job.submit();
      assertTrue(DESCRIBING.await(30, TimeUnit.SECONDS), "the job's thread never described the map's failure");
      job.killJob();
      KILL_SENT.countDown();
      Wait.until("the job to end", Duration.ofSeconds(30), () -> {
        try {
          return job.isComplete();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      // The failure came first: it decides the end, the reason and the warning, whatever came after.
      assertEquals(JobState.FAILED, job.getJobState());
      assertTrue(job.getFailureInfo().contains("the map gave up"), job.getFailureInfo());
      assertEquals(1, log.warnings().stream().filter(w -> w.contains("failed in local mode")
          && w.contains("the map gave up")).count(), "warnings: " + log.warnings());
    }
  }
}
