package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.security.ClusterCredentials;
import io.quern.security.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job tokens expire and the worker renews them while the job runs: with a 3 s lifetime, a task
 * that outlives its first token sees a later one installed, and the job still finishes.
 */
@Timeout(180)
class JobTokenRenewalIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static Path dir;
  static MiniMrCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniMrCluster.builder(dir).workers(1).slots(1, 1).set(Security.JOB_TOKEN_LIFETIME_KEY, "3s").start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Waits until its token is renewed and the first one has expired, then writes both expiries. */
  public static final class OutlivesItsTokenMapper extends Mapper<LongWritable, Text, Text, NullWritable> {
    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      long first = expiry();
      long deadline = System.currentTimeMillis() + 20_000;
      while (expiry() == first || System.currentTimeMillis() <= first) {
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("the token expiring at " + first + " was not renewed within 20 s");
        }
        Thread.sleep(50);
      }
      context.write(new Text(first + " " + expiry()), NullWritable.get());
    }

    private static long expiry() {
      return ClusterCredentials.installed().orElseThrow().tokenExpiry().orElseThrow();
    }
  }

  @Test
  void aTaskOutlivingItsFirstTokenGetsAFreshOneAndTheJobFinishes() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a"), "one line\n");
    Path out = dir.resolve("out");
    Job job = Job.getInstance(cluster.conf(), "token-renewal");
    job.setJarByClass(OutlivesItsTokenMapper.class);
    job.setMapperClass(OutlivesItsTokenMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, out.toString());
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    String line = Files.readString(out.resolve("part-m-00000")).strip();
    String[] expiries = line.split(" ");
    assertEquals(2, expiries.length, line);
    long first = Long.parseLong(expiries[0]);
    long renewed = Long.parseLong(expiries[1]);
    assertTrue(renewed > first, line);
    assertTrue(renewed - first <= 3_000, "a renewal comes before the token expires: " + line);
  }
}
