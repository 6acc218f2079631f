package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.LeaderElection;
import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.master.MasterDaemon;
import io.quern.testutil.StablePorts;
import io.quern.testutil.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.curator.test.TestingZooKeeperServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZooKeeper faults that the cluster must ride through: a restart of the server shorter than
 * the session timeout, and the loss of one member of a three-server ensemble. Neither may
 * move the leadership to the standby master or make a worker leave, and jobs still run to
 * the right output. (The active master may pause while its connection is SUSPENDED and
 * then lead again under a new epoch: that is not a failover.)
 */
@Timeout(300)
class ZooKeeperFaultsIT {
  @TempDir
  Path dir;

  static {
    // A member that cannot bind its election port fails its test; by default it exits the whole test JVM.
    org.apache.zookeeper.util.ServiceUtils.setSystemExitProcedure(org.apache.zookeeper.util.ServiceUtils.LOG_ONLY);
  }

  @Test
  void losingOneMemberOfAThreeServerEnsembleChangesNothing() throws Exception {
    List<InstanceSpec> specs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      // Short ticks, so that the 4 s sessions of the cluster are not stretched to the 2-tick minimum.
      // Ports out of the ephemeral range: each member is restarted on its ports (see StablePorts).
      specs.add(new InstanceSpec(null, StablePorts.free(), StablePorts.free(), StablePorts.free(), true, i, 500, -1));
    }
    try (TestingCluster ensemble = new TestingCluster(specs)) {
      ensemble.start();
      try (MiniMrCluster cluster = MiniMrCluster.builder(dir).masters(2).workers(2).slots(2, 1).zooKeeper(ensemble.getConnectString()).start();
          Observer observer = new Observer(cluster)) {
        MasterDaemon leader = cluster.leader();
        Map<String, Integer> reference = writeInput(dir.resolve("in"));
        // Each member in turn, so that the one the leader, a worker and the observer talk to is among them.
        List<TestingZooKeeperServer> servers = ensemble.getServers();
        for (int i = 0; i < servers.size(); i++) {
          InstanceSpec lost = servers.get(i).getInstanceSpec();
          assertTrue(ensemble.killServer(lost), "could not kill ZooKeeper server " + lost.getServerId());
          if (i == 0) {
            // The loss must not stop work: a whole job runs on the two remaining members.
            assertEquals(reference, wordcount(cluster.conf(), dir.resolve("in"), dir.resolve("out")));
          }
          Wait.until("the observer to be connected again", Duration.ofSeconds(20), observer.zk::isConnected);
          assertTrue(ensemble.restartServer(lost), "could not restart ZooKeeper server " + lost.getServerId());
        }
        observer.assertNothingChanged(leader, cluster);
        assertEquals(reference, wordcount(cluster.conf(), dir.resolve("in"), dir.resolve("out2")));
        observer.assertNothingChanged(leader, cluster);
      }
    }
  }

  @Test
  void aZooKeeperRestartShorterThanTheSessionChangesNothing() throws Exception {
    try (TestingServer zk = new TestingServer(StablePorts.free(), true)) {
      try (MiniMrCluster cluster = MiniMrCluster.builder(dir).masters(2).workers(2).slots(2, 1).zooKeeper(zk.getConnectString()).start();
          Observer observer = new Observer(cluster)) {
        MasterDaemon leader = cluster.leader();
        Map<String, Integer> reference = writeInput(dir.resolve("in"));
        // stop() and start(): the server is gone for well under the 4 s session timeout.
        zk.restart();
        Wait.until("the observer to be connected again", Duration.ofSeconds(20), observer.zk::isConnected);
        assertEquals(reference, wordcount(cluster.conf(), dir.resolve("in"), dir.resolve("out")));
        observer.assertNothingChanged(leader, cluster);
      }
    }
  }

  /** Watches, from its own ZooKeeper session, who leads and which workers leave. */
  private static final class Observer implements AutoCloseable {
    final ZkCluster zk;
    final List<String> leadersSeen = new CopyOnWriteArrayList<>();
    final List<String> workersLeft = new CopyOnWriteArrayList<>();
    final LeaderElection.View view;
    final LeaderElection.Leader first;
    final List<String> otherLeaders = new CopyOnWriteArrayList<>();
    private final Thread poller;

    Observer(MiniMrCluster cluster) throws Exception {
      zk = ZkCluster.connectForReading(cluster.conf());
      MasterDaemon leader = cluster.leader();
      // The election's own view: a standby that led even for a moment would show here.
      poller = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          for (MasterDaemon m : cluster.masters()) {
            if (m != leader && m.isLeader()) {
              otherLeaders.add(m.endpoint().toString());
            }
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "leader-poller");
      poller.setDaemon(true);
      poller.start();
      view = zk.leaderView();
      Wait.until("a published leader", Duration.ofSeconds(20), () -> view.leader().isPresent());
      first = view.leader().get();
      view.addListener((Optional<LeaderElection.Leader> l) -> l.ifPresent(x -> leadersSeen.add(x.endpoint() + "@" + x.epoch())));
      zk.membership().addListener(Role.WORKER, new MembershipListener() {
        @Override
        public void joined(NodeInfo node) {}

        @Override
        public void left(NodeInfo node) {
          workersLeft.add(node.toString());
        }
      });
      Wait.until("both workers listed", Duration.ofSeconds(20), () -> zk.membership().live(Role.WORKER).size() == 2);
    }

    /** The same master leads and no other ever did; both workers still there and none ever left. */
    void assertNothingChanged(MasterDaemon leader, MiniMrCluster cluster) {
      Wait.until("the first master to lead", Duration.ofSeconds(20), leader::isLeader);
      assertEquals(List.of(), otherLeaders, "a standby led");
      assertEquals(1, cluster.masters().stream().filter(MasterDaemon::isLeader).count(), "masters leading");
      Wait.until("a published leader", Duration.ofSeconds(20), () -> view.leader().isPresent());
      assertEquals(first.endpoint(), view.leader().map(LeaderElection.Leader::endpoint).orElse(null),
          "published leader; seen since the start: " + leadersSeen);
      assertTrue(leadersSeen.stream().allMatch(l -> l.startsWith(first.endpoint() + "@")),
          "the leadership moved: " + leadersSeen);
      assertEquals(List.of(), workersLeft, "workers that left");
      assertEquals(2, zk.membership().live(Role.WORKER).size(), "live workers");
    }

    @Override
    public void close() {
      poller.interrupt();
      zk.close();
    }
  }

  private static Map<String, Integer> writeInput(Path in) throws Exception {
    Files.createDirectories(in);
    Map<String, Integer> reference = new HashMap<>();
    for (int f = 0; f < 4; f++) {
      StringBuilder b = new StringBuilder();
      for (int l = 0; l < 200; l++) {
        String w = "w" + (l * 13 + f * 7) % 61;
        reference.merge(w, 1, Integer::sum);
        b.append(w).append(' ').append(w).append('\n');
        reference.merge(w, 1, Integer::sum);
      }
      Files.writeString(in.resolve("f" + f), b.toString());
    }
    return reference;
  }

  private static Map<String, Integer> wordcount(Configuration conf, Path in, Path out) throws Exception {
    Job job = Job.getInstance(conf, "zk-faults");
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(1);
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, out.toString());
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    Map<String, Integer> got = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("part-r-00000"))) {
      String[] kv = line.split("\t");
      got.put(kv[0], Integer.parseInt(kv[1]));
    }
    return got;
  }
}
