package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.cluster.ClusterLayout;
import io.quern.conf.Configuration;
import io.quern.protocol.JobSpec;
import io.quern.protocol.SplitInfo;
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
          List.of(new SplitInfo(0, "S", new byte[] {1, 2}, 2, List.of("h1"))), 1);
      leader.save(spec);
      standby.prefetch();
      // Gone from the job file system (an unreachable DataNode would do the same): the read-ahead copy serves.
      Files.delete(staging.resolve("job.spec"));
      List<JobStore.Saved> saved = standby.load();
      assertEquals(1, saved.size());
      assertEquals(spec.jobId(), saved.get(0).spec().jobId());
      assertEquals(spec.splits().get(0).hosts(), saved.get(0).spec().splits().get(0).hosts());
      assertEquals(staging.toString(), saved.get(0).spec().stagingDir());
    }
  }
}
