package io.quern.rpc;

import static io.quern.rpc.RpcTesting.NAME;
import static io.quern.rpc.RpcTesting.conf;
import static io.quern.rpc.RpcTesting.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.protocol.PingServer;
import io.quern.protocol.Pingable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SharedStubsIT {
  @Test
  void threadsLookingUpAtOnceGetOneStubAndAForgottenOneIsLookedUpAgain() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (RpcServer server = serve(conf(), "127.0.0.1", 0, new PingServer("one"))) {
      HostPort at = server.endpoint();
      List<Future<Pingable>> asked = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        asked.add(threads.submit(() -> SharedStubs.lookup(conf(), at, NAME, Pingable.class)));
      }
      Pingable first = asked.get(0).get();
      for (Future<Pingable> f : asked) {
        assertSame(first, f.get());
      }
      assertEquals("one", first.ping());

      SharedStubs.forget(at, NAME, first);
      Pingable again = SharedStubs.lookup(conf(), at, NAME, Pingable.class);
      assertNotSame(first, again);
      assertEquals("one", again.ping());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void sharingProxiesKeepTheirOwnWindowAndDropAStubOfARestartedServer() throws Exception {
    int port;
    Configuration longWindow = conf();
    longWindow.set(ResilientProxy.RETRY_WINDOW_KEY, "10s");
    HostPort at;
    Pingable a;
    Pingable b;
    try (RpcServer server = serve(conf(), "127.0.0.1", 0, new PingServer("before"))) {
      at = server.endpoint();
      port = at.port();
      a = ResilientProxy.createSharing(Pingable.class, NAME, () -> at, conf(), WaitObserver.NONE);
      b = ResilientProxy.createSharing(Pingable.class, NAME, () -> at, longWindow, WaitObserver.NONE);
      assertEquals("before", a.ping());
      assertEquals("before", b.ping());
    }
    // The same endpoint, a new export: the kept stub names an object that is gone.
    try (RpcServer server = serve(conf(), "127.0.0.1", port, new PingServer("after"))) {
      assertEquals("after", pingPastDeadConnections(a));
      assertEquals("after", pingPastDeadConnections(b));
      assertSame(SharedStubs.lookup(conf(), at, NAME, Pingable.class),
          SharedStubs.lookup(longWindow, at, NAME, Pingable.class));
    }
  }

  /**
   * A call on a connection RMI pooled to the closed server fails ambiguously (a proxy does not
   * repeat a call that may have arrived) and RMI drops that connection: the test, knowing ping is
   * harmless, repeats it. Past those, the proxy must find the restarted server's object.
   */
  private static String pingPastDeadConnections(Pingable p) throws Exception {
    for (int i = 0; ; i++) {
      try {
        return p.ping();
      } catch (java.rmi.UnmarshalException e) {
        if (i >= 4) {
          throw e;
        }
      }
    }
  }
}
