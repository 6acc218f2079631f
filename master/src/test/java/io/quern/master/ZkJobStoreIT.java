package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.ClusterLayout;
import io.quern.conf.Configuration;
import io.quern.mapreduce.SplitInfo;
import io.quern.protocol.mapred.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standby reads the running jobs' specs ahead, so that taking over needs only ZooKeeper. */
class ZkJobStoreIT {
  @TempDir
  Path dir;

  @Test
  void specsReadAheadByAStandbyServeItsTakeoverWithoutTheJobFileSystem() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    ClusterLayout layout = new ClusterLayout("/quern", "it");
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework leaderZk = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
        CuratorFramework standbyZk = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      leaderZk.start();
      standbyZk.start();
      ZkJobStore leader = new ZkJobStore(leaderZk, layout, conf);
      ZkJobStore standby = new ZkJobStore(standbyZk, layout, conf);
      Path staging = dir.resolve("staging/job_1");
      JobSpec spec = new JobSpec("job_20261123000000e1_0001", "wc", "me", 0, new byte[0], "/jar", staging.toString(),
          List.of(new SplitInfo(0, "S", new byte[] {1, 2}, 2, List.of("h1"))), 1,
          new byte[] {'H', 'D', 'T', 'S', 0, 0, 0});
      leader.save(spec);
      // It holds the job's credentials: only the master may read it, not the user's other jobs.
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(staging.resolve("job.spec"))));
      standby.prefetch();
      // Gone from the job file system (an unreachable DataNode would do the same): the read-ahead copy serves.
      Files.delete(staging.resolve("job.spec"));
      List<JobStore.Saved> saved = standby.load();
      assertEquals(1, saved.size());
      assertEquals(spec.jobId(), saved.get(0).spec().jobId());
      assertEquals(spec.splits().get(0).hosts(), saved.get(0).spec().splits().get(0).hosts());
      assertEquals(staging.toString(), saved.get(0).spec().stagingDir());
      org.junit.jupiter.api.Assertions.assertArrayEquals(spec.credentials(), saved.get(0).spec().credentials());
    }
  }

  /**
   * The spec file lies in the submitter's staging directory, which the submitter may write. A
   * user who rewrites it (here: to run the job's tasks as root) after submission gets the job
   * dropped by the next leader, not run as written; the other jobs are taken over.
   */
  @Test
  void aSpecRewrittenInTheStagingDirectoryIsNotTakenOver() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    ClusterLayout layout = new ClusterLayout("/quern", "tamper");
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework leaderZk = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
        CuratorFramework nextZk = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      leaderZk.start();
      nextZk.start();
      ZkJobStore leader = new ZkJobStore(leaderZk, layout, conf);
      Path stagingA = dir.resolve("staging/a");
      Path stagingB = dir.resolve("staging/b");
      JobSpec mallory = new JobSpec("job_20261123000000e1_0001", "wc", "mallory", 0, new byte[0], "/jar",
          stagingA.toString(), List.of(new SplitInfo(0, "S", new byte[] {1}, 1, List.of("h1"))), 1);
      JobSpec honest = new JobSpec("job_20261123000000e1_0002", "wc", "alice", 0, new byte[0], "/jar",
          stagingB.toString(), List.of(new SplitInfo(0, "S", new byte[] {1}, 1, List.of("h1"))), 1);
      leader.save(mallory);
      leader.save(honest);
      JobSpec asRoot = new JobSpec(mallory.jobId(), "wc", "root", 0, new byte[0], "/jar", stagingA.toString(),
          mallory.splits(), 1);
      try (var out = Files.newOutputStream(stagingA.resolve("job.spec"))) {
        JobSpecCodec.write(asRoot, out);
      }
      List<JobStore.Saved> saved = new ZkJobStore(nextZk, layout, conf).load();
      assertEquals(List.of(honest.jobId()), saved.stream().map(s -> s.spec().jobId()).toList());
    }
  }

  /**
   * A store written by the previous release (text records, a batch and a per-task child) is
   * taken over by this one, which adds binary batches; a damaged batch costs only its own tasks,
   * which run again, and says so.
   */
  @Test
  void aStoreOfThePreviousReleaseRecoversAndGrowsInTheNewForm() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    ClusterLayout layout = new ClusterLayout("/quern", "upgrade");
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      client.start();
      String jobId = "job_20261201093000e3_0007";
      List<SplitInfo> splits = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        splits.add(new SplitInfo(i, "S", new byte[] {1}, 1, List.of("h1")));
      }
      JobSpec spec = new JobSpec(jobId, "wc", "me", 0, new byte[0], "/jar", dir.resolve("staging").toString(), splits, 1);
      ZkJobStore old = new ZkJobStore(client, layout, conf);
      old.save(spec);
      // As the previous release left them in ZooKeeper.
      for (String child : List.of("task_20261201093000e3_0007_m_000000", "records-0000000000")) {
        client.create().forPath(layout.job(jobId) + "/" + child, TaskRecordCodecTest.previousRelease(child));
      }
      List<TaskRecord> before = new ZkJobStore(client, layout, conf).load().get(0).finished();
      assertEquals(List.of("task_20261201093000e3_0007_m_000000", "task_20261201093000e3_0007_m_000001",
          "task_20261201093000e3_0007_r_000000"), before.stream().map(TaskRecord::taskId).toList());

      client.create().creatingParentsIfNeeded().forPath(layout.masterEpoch(), "3".getBytes());
      ZkJobStore next = new ZkJobStore(client, layout, conf);
      next.lead(3);
      TaskRecord m2 = new TaskRecord("task_20261201093000e3_0007_m_000002", "attempt_20261201093000e3_0007_m_000002_3000",
          "w9", "h9:9050", 10, 20, "RACK", new io.quern.mapreduce.CountersSnapshot(java.util.Map.of("g", java.util.Map.of(
              "C", 5L))));
      next.recordTasks(3, jobId, List.of(m2));
      List<TaskRecord> after = new ZkJobStore(client, layout, conf).load().get(0).finished();
      List<TaskRecord> expected = new java.util.ArrayList<>(before);
      expected.add(2, m2);
      assertEquals(expected, after);

      // A damaged batch (here: cut short) loses its own records only.
      byte[] good;
      String path = client.getChildren().forPath(layout.job(jobId)).stream().filter(c -> c.startsWith("records-"))
          .sorted().reduce((a, b) -> b).map(c -> layout.job(jobId) + "/" + c).orElseThrow();
      good = client.getData().forPath(path);
      client.setData().forPath(path, java.util.Arrays.copyOf(good, good.length - 2));
      assertEquals(before, new ZkJobStore(client, layout, conf).load().get(0).finished());
    }
  }

  /** ZooKeeper data a job's finished tasks take, in batches of 500 as the master writes them under load. */
  @Test
  void finishedTasksTakeTensOfBytesEachInZooKeeper() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    ClusterLayout layout = new ClusterLayout("/quern", "size");
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      client.start();
      String jobId = "job_20261201093000e3_0008";
      JobSpec spec = new JobSpec(jobId, "wc", "me", 0, new byte[0], "/jar", dir.resolve("staging8").toString(),
          List.of(new SplitInfo(0, "S", new byte[] {1}, 1, List.of("h1"))), 0);
      ZkJobStore store = new ZkJobStore(client, layout, conf);
      store.save(spec);
      client.create().creatingParentsIfNeeded().forPath(layout.masterEpoch(), "1".getBytes());
      store.lead(1);
      io.quern.mapreduce.CountersSnapshot counters = new io.quern.mapreduce.CountersSnapshot(java.util.Map.of(
          "io.quern.mapreduce.TaskCounter", java.util.Map.of("MAP_INPUT_RECORDS", 1000L, "MAP_OUTPUT_RECORDS", 1000L,
              "MAP_OUTPUT_BYTES", 20_000L, "SPILLED_RECORDS", 1000L),
          "io.quern.mapreduce.FileSystemCounter", java.util.Map.of("BYTES_READ", 100_000L, "BYTES_WRITTEN", 20_000L)));
      int tasks = 10_000;
      List<TaskRecord> written = new java.util.ArrayList<>();
      for (int from = 0; from < tasks; from += 500) {
        List<TaskRecord> batch = new java.util.ArrayList<>();
        for (int n = from; n < from + 500; n++) {
          String task = String.format("task_20261201093000e3_0008_m_%06d", n);
          batch.add(new TaskRecord(task, task.replace("task_", "attempt_") + "_1000", "sim-127.0.0.1-" + (40_000 + n % 1000),
              "127.0.0.1:" + (40_000 + n % 1000), 1_764_581_400_000L + n, 1_764_581_400_000L + n + 5, "NODE", counters));
        }
        store.recordTasks(1, jobId, batch);
        written.addAll(batch);
      }
      long bytes = 0;
      for (String child : client.getChildren().forPath(layout.job(jobId))) {
        bytes += client.checkExists().forPath(layout.job(jobId) + "/" + child).getDataLength();
      }
      System.out.printf("%d finished tasks: %d bytes of znode data, %.1f per task%n", tasks, bytes, bytes / (double) tasks);
      assertTrue(bytes / tasks < 80, bytes / tasks + " bytes per task");
      assertEquals(written, new ZkJobStore(client, layout, conf).load().get(0).finished());
    }
  }
}
