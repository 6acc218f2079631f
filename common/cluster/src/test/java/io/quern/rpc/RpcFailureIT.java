package io.quern.rpc;

import static io.quern.rpc.RpcTesting.causeOf;
import static io.quern.rpc.RpcTesting.conf;
import static io.quern.rpc.RpcTesting.lookup;
import static io.quern.rpc.RpcTesting.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.protocol.Envelope;
import io.quern.protocol.PingServer;
import io.quern.protocol.Pingable;
import java.io.InvalidClassException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.rmi.ConnectException;
import java.rmi.RemoteException;
import java.rmi.UnmarshalException;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RpcFailureIT {
  @Test
  void disallowedArgumentsAreRefusedAndTheServerCarriesOn() throws Exception {
    PingServer impl = new PingServer("s");
    try (RpcServer server = serve(conf(), "127.0.0.1", 0, impl)) {
      Pingable stub = lookup(server.endpoint());
      for (Object smuggled : List.of(new AtomicLong(1),
          new javax.management.BadAttributeValueExpException("gadget"), new int[1_001])) {
        RemoteException e = assertThrows(RemoteException.class, () -> stub.echo(new Envelope("bad", smuggled)));
        assertTrue(causeOf(e, InvalidClassException.class).getMessage().contains("REJECTED"), e.toString());
        assertTrue(RpcErrors.describe("pinger", e).startsWith("pinger refused the call's arguments"));
        assertEquals("s:ok:int[]", stub.echo(new Envelope("ok", new int[1_000])));
      }
      assertEquals(3, impl.calls(), "refused calls never reach the implementation");
    }
  }

  @Test
  void aSilentServerFailsTheCallAfterTheReadTimeout() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // accept, then never answer
          }
        } catch (Exception closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Configuration conf = conf();
      conf.set(TimeoutClientSocketFactory.READ_TIMEOUT_KEY, "500ms");

      long start = System.nanoTime();
      RemoteException e = assertThrows(RemoteException.class, () -> RpcClient.lookup(conf,
          new HostPort("127.0.0.1", silent.getLocalPort()), "pinger", Pingable.class));
      long millis = (System.nanoTime() - start) / 1_000_000;

      causeOf(e, SocketTimeoutException.class);
      assertTrue(millis >= 400 && millis < 3_000, "failed after " + millis + " ms");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aSlowCallTimesOutAndIsNotRetried() throws Exception {
    Configuration conf = conf();
    conf.set(TimeoutClientSocketFactory.READ_TIMEOUT_KEY, "500ms"); // the stub carries the server's
    PingServer impl = new PingServer("slow");
    try (RpcServer server = serve(conf, "127.0.0.1", 0, impl)) {
      Pingable proxy = ResilientProxy.create(Pingable.class, "pinger", server::endpoint, conf);
      long start = System.nanoTime();
      UnmarshalException e = assertThrows(UnmarshalException.class, () -> proxy.slowPing(1_500));
      long millis = (System.nanoTime() - start) / 1_000_000;

      causeOf(e, SocketTimeoutException.class);
      assertTrue(millis < 1_500, "failed after " + millis + " ms");
      assertEquals(1, impl.calls());
      assertEquals("pinger did not answer within the read timeout", RpcErrors.describe("pinger", e));
    }
  }

  @Test
  void aCallWaitingOnAnEndpointDeclaredGoneFailsAtOnceAndTheNextCallReconnects() throws Exception {
    Configuration conf = conf();
    conf.set(TimeoutClientSocketFactory.READ_TIMEOUT_KEY, "60s"); // the stub carries the server's
    PingServer impl = new PingServer("cut");
    try (RpcServer server = serve(conf, "127.0.0.1", 0, impl)) {
      Pingable stub = lookup(server.endpoint());
      CompletableFuture<Long> failedAfterMs = CompletableFuture.supplyAsync(() -> {
        long start = System.nanoTime();
        try {
          stub.slowPing(30_000);
          return -1L;
        } catch (RemoteException e) {
          return (System.nanoTime() - start) / 1_000_000;
        }
      });
      Wait.until("the slow call to reach the server", Duration.ofSeconds(10), () -> impl.calls() == 1);

      assertTrue(OpenConnections.cut(server.endpoint()) >= 1, "no connection to cut");

      long millis = failedAfterMs.get(10, TimeUnit.SECONDS);
      assertTrue(millis >= 0 && millis < 5_000, "the waiting call ended after " + millis + " ms");
      assertEquals("cut", stub.ping(), "a later call opens a new connection");
      assertTrue(OpenConnections.count(server.endpoint()) >= 1);
    }
  }

  @Test
  void refusedConnectionsNameTheAdvertisedAddress() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      closedPort = s.getLocalPort();
    }
    HostPort nowhere = new HostPort("127.0.0.2", closedPort);
    ConnectException e = assertThrows(ConnectException.class, () -> lookup(nowhere));
    assertEquals("cannot reach pinger at " + nowhere + ": connection refused", RpcErrors.describe("pinger", e));
  }
}
