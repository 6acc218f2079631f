package io.quern.rpc;

import static io.quern.rpc.RpcTesting.conf;
import static io.quern.rpc.RpcTesting.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.net.HostPort;
import io.quern.protocol.PingServer;
import io.quern.protocol.Pingable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResilientProxyIT {
  @Test
  @SuppressWarnings("try") // the first server is closed inside the block, on purpose
  void failsOverToTheServerTheResolverNamesNext() throws Exception {
    ScheduledExecutorService discovery = Executors.newSingleThreadScheduledExecutor();
    try (RpcServer first = serve(conf(), "127.0.0.1", 0, new PingServer("first"));
        RpcServer second = serve(conf(), "127.0.0.2", 0, new PingServer("second"))) {
      AtomicReference<HostPort> where = new AtomicReference<>(first.endpoint());
      Pingable proxy = ResilientProxy.create(Pingable.class, "pinger", where::get, conf());
      assertEquals("first", proxy.ping());

      first.close();
      where.set(null); // the first server's znode is gone, the second has not registered yet
      discovery.schedule(() -> where.set(second.endpoint()), 300, TimeUnit.MILLISECONDS);

      long start = System.nanoTime();
      assertEquals("second", proxy.ping());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 250 && millis < 3_000, "failed over after " + millis + " ms");
      assertEquals("second", proxy.ping());
    } finally {
      discovery.shutdownNow();
    }
  }
}
