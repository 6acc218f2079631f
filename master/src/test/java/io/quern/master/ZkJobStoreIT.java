package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
