package io.quern.cluster.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.net.HostPort;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZkSessionsAtExitIT extends ZkTestSupport {
  @Test
  void endsEveryOpenSessionOnTheServerAtOnce() throws Exception {
    // Sessions of a minute: a registration gone within seconds went because its session was ended.
    ZkCluster observer = ZkCluster.connect(conf("60s"));
    {
      ZkCluster first = ZkCluster.connect(conf("60s"));
      ZkCluster second = ZkCluster.connect(conf("60s"));
      first.membership().register(new NodeInfo("127.0.0.2:9020", Role.WORKER, new HostPort("127.0.0.2", 9020),
          "/rack1", Map.of()));
      second.membership().register(new NodeInfo("127.0.0.3:9020", Role.WORKER, new HostPort("127.0.0.3", 9020),
          "/rack1", Map.of()));
      Wait.until("both registered", Duration.ofSeconds(10), () -> observer.membership().live(Role.WORKER).size() == 2);
      observer.close(); // ended like the others in real use; closed here to check it leaves the open ones

      assertFalse(ZkCluster.openInstances().contains(observer));

      ZkSessionsAtExit.endAll(10_000);

      assertFalse(ZkCluster.openInstances().contains(first));
      assertFalse(ZkCluster.openInstances().contains(second));
      try (ZkCluster after = ZkCluster.connect(conf("60s"))) {
        Wait.until("registrations dropped with their sessions", Duration.ofSeconds(10),
            () -> after.membership().live(Role.WORKER).isEmpty());
      }
    }
  }

  @Test
  void returnsAtOnceWithNoSessionOpen() {
    ZkCluster.openInstances().forEach(ZkCluster::close);
    long start = System.nanoTime();
    ZkSessionsAtExit.endAll(10_000);
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "endAll waited with nothing to end");
    assertEquals(0, ZkCluster.openInstances().size());
  }
}
