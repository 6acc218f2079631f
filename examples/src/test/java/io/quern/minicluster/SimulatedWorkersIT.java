package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.TextOutputFormat;
import io.quern.testutil.Wait;
import io.quern.worker.sim.SchedulingStats;
import io.quern.worker.sim.SimulatedCluster;
import io.quern.worker.sim.SyntheticInputFormat;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real masters and 40 simulated workers (real registrations and RMI endpoints, attempts
 * without child JVMs) run map-only jobs of thousands of maps submitted through the job client:
 * one to the end, and one whose active master goes away with a third of its maps launched.
 * Each task must have finished on a worker, each job's cleanup once, and the second job must
 * finish under the new master's epoch with the maps recorded by the first taken over.
 */
@Timeout(180)
class SimulatedWorkersIT {
  @TempDir
  Path dir;

  @Test
  void simulatedWorkersRunLargeJobsThroughTheMasterAndItsFailover() throws Exception {
    SchedulingStats stats = new SchedulingStats();
    try (MiniMrCluster cluster = MiniMrCluster.builder(dir).masters(2).workers(0).slots(2, 1).start();
        SimulatedCluster sim = new SimulatedCluster(cluster.conf(), SimulatedCluster.Options.of(40, 2, 1), 0,
            stats)) {
      Job first = submit(cluster.conf(), 3000, "first");
      Wait.until("the first job to end", Duration.ofSeconds(90), () -> complete(first));
      assertEquals(JobState.SUCCEEDED, first.getJobState(), first.getFailureInfo());
      assertEquals(3000, stats.finishedTasks(), "maps that finished on a simulated worker");
      assertEquals(1, stats.finishedCleanups(), "job cleanups that finished");
      assertTrue(first.getCounters().findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue() >= 3000);

      sim.setTaskMillis(20);
      long epoch = stats.latestEpoch();
      Job second = submit(cluster.conf(), 1500, "second");
      Wait.until("a third of the second job's maps to launch", Duration.ofSeconds(60),
          () -> stats.launches() >= 3000 + 500);
      // Finished tasks reach ZooKeeper in batches (JobFinisher, 200 ms at most): the leader goes
      // once a batch of this job is there, so that there is something to take over.
      try (ZkCluster zk = ZkCluster.connectForReading(cluster.conf())) {
        String recorded = zk.layout().job(second.getJobID().toString());
        Wait.until("a batch of the second job's finished maps to be recorded", Duration.ofSeconds(60),
            () -> complete(second) || hasRecords(zk, recorded));
        assertTrue(!complete(second), "the second job ended before the leader could go: this tests nothing");
      }
      cluster.stopLeader();
      Wait.until("the second job to end", Duration.ofSeconds(90), () -> complete(second));
      assertEquals(JobState.SUCCEEDED, second.getJobState(), second.getFailureInfo());
      assertTrue(stats.latestEpoch() > epoch, "the new master launched attempts under its own epoch");
      assertEquals(4500, stats.finishedTasks(), "maps of both jobs that finished on a simulated worker");
      assertEquals(2, stats.finishedCleanups(), "job cleanups that finished");
      Counters counters = second.getCounters();
      long recovered = counters.findCounter(JobCounter.RECOVERED_MAPS).getValue();
      assertTrue(recovered >= 1 && recovered < 1500, "maps taken over from the first master: " + recovered);
    }
  }

  private Job submit(Configuration conf, int maps, String name) throws Exception {
    Configuration jc = new Configuration(conf);
    jc.setInt(SyntheticInputFormat.SPLITS, maps);
    Job job = Job.getInstance(jc, name);
    job.setInputFormatClass(SyntheticInputFormat.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    job.setNumReduceTasks(0);
    FileOutputFormat.setOutputPath(job, dir.resolve("out-" + name).toString());
    job.submit();
    return job;
  }

  private static boolean hasRecords(ZkCluster zk, String jobZnode) {
    try {
      return zk.curator().getChildren().forPath(jobZnode).stream().anyMatch(c -> c.startsWith("records-"));
    } catch (Exception e) {
      return false; // not written yet
    }
  }

  private static boolean complete(Job job) {
    try {
      return job.isComplete();
    } catch (java.io.IOException e) {
      return false; // the master moves: ask again
    }
  }
}
