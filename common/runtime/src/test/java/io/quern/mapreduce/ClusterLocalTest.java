package io.quern.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster.getClusterStatus on the local runner: its slots, and the maps a running job holds. */
class ClusterLocalTest {
  @TempDir
  Path dir;

  /** Released by the test once it has seen the maps running. */
  static volatile CountDownLatch release;

  public static class HeldMapper extends Mapper<LongWritable, Text, NullWritable, NullWritable> {
    @Override
    protected void setup(Context context) throws InterruptedException {
      if (!release.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the map");
      }
    }
  }

  private static ClusterMetrics status(Cluster cluster) {
    try {
      return cluster.getClusterStatus();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void occupiedSlotsAreTheMapsOfARunningJob() throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    for (int i = 0; i < 3; i++) {
      Files.writeString(in.resolve("f" + i), "line\n");
    }
    try (Cluster cluster = new Cluster(conf)) {
      ClusterMetrics idle = cluster.getClusterStatus();
      assertEquals(1, idle.getTaskTrackerCount());
      assertEquals(2, idle.getMapSlotCapacity());
      assertEquals(1, idle.getReduceSlotCapacity());
      assertEquals(0, idle.getOccupiedMapSlots());

      release = new CountDownLatch(1);
      Job job = Job.getInstance(conf, "held");
      job.setMapperClass(HeldMapper.class);
      job.setNumReduceTasks(0);
      job.setOutputKeyClass(NullWritable.class);
      job.setOutputValueClass(NullWritable.class);
      FileInputFormat.addInputPath(job, in.toString());
      FileOutputFormat.setOutputPath(job, dir.resolve("out").toString());
      job.submit();
      try {
        Wait.until("two of the three maps to run", Duration.ofSeconds(30),
            () -> status(cluster).getOccupiedMapSlots() == 2);
        assertEquals(2, status(cluster).getRunningMaps());
        assertEquals(0, status(cluster).getRunningReduces());
      } finally {
        release.countDown();
      }
      assertTrue(job.waitForCompletion(false), job.getFailureInfo());
      assertEquals(0, cluster.getClusterStatus().getOccupiedMapSlots(), "a finished job holds no slot");
    }
  }
}
