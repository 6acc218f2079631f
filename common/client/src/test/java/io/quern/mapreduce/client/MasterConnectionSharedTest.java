package io.quern.mapreduce.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

class MasterConnectionSharedTest {

  private static Configuration conf(String quorum, String cluster) {
    Configuration c = new Configuration();
    c.set(CoreKeys.ZOOKEEPER_QUORUM.name(), quorum);
    c.set(CoreKeys.CLUSTER_ID.name(), cluster);
    c.set(CoreKeys.ZOOKEEPER_CONNECTION_TIMEOUT.name(), "6s");
    return c;
  }

  /**
   * One cluster's ZooKeeper accepts connections but never answers: the first shared() for it waits
   * out its connection timeout, and meanwhile another cluster's shared() is answered, and twice
   * with the same connection.
   */
  @Test
  void aSilentZooKeeperDoesNotHoldUpAnotherClustersConnection() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    List<Socket> accepted = new ArrayList<>();
    try (TestingServer zk = new TestingServer(true);
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      pool.submit(() -> {
        while (true) {
          Socket s = silent.accept(); // held open, never read nor written
          synchronized (accepted) {
            accepted.add(s);
          }
        }
      });
      Future<MasterConnection> stuck = pool.submit(
          () -> MasterConnection.shared(conf("127.0.0.1:" + silent.getLocalPort(), "silent")));
      Wait.until("the silent ZooKeeper to be dialled", Duration.ofSeconds(5), () -> {
        synchronized (accepted) {
          return !accepted.isEmpty();
        }
      });
      MasterConnection live = MasterConnection.shared(conf(zk.getConnectString(), "live"));
      assertFalse(stuck.isDone(), "the silent cluster's connect was still waiting, so the live one did not wait on it");
      assertSame(live, MasterConnection.shared(conf(zk.getConnectString(), "live")));
      ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(60, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
    } finally {
      pool.shutdownNow();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
