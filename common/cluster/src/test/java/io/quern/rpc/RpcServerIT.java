package io.quern.rpc;

import static io.quern.rpc.RpcTesting.NAME;
import static io.quern.rpc.RpcTesting.causeOf;
import static io.quern.rpc.RpcTesting.conf;
import static io.quern.rpc.RpcTesting.lookup;
import static io.quern.rpc.RpcTesting.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.net.HostPort;
import io.quern.protocol.PingServer;
import io.quern.protocol.Pingable;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import org.junit.jupiter.api.Test;

class RpcServerIT {
  @Test
  void exportLookUpAndCall() throws Exception {
    PingServer impl = new PingServer("alpha");
    try (RpcServer server = serve(conf(), "127.0.0.1", 0, impl)) {
      assertTrue(server.port() > 0);
      Pingable stub = lookup(server.endpoint());
      assertEquals("alpha", stub.ping());
      assertEquals("alpha", stub.ping());
      assertEquals(2, impl.calls());
    }
  }

  @Test
  void callsAreCountedAndTimedPerMethod() throws Exception {
    PingServer impl = new PingServer("alpha");
    try (RpcServer server = serve(conf(), "127.0.0.1", 0, impl)) {
      Pingable stub = lookup(server.endpoint());
      stub.ping();
      stub.ping();
      assertThrows(io.quern.protocol.PingRefusedException.class,
          () -> stub.echo(new io.quern.protocol.Envelope("refuse", "x")));
      io.quern.http.DaemonMetrics metrics = new io.quern.http.DaemonMetrics();
      server.metrics().registerWith(metrics.registry());
      io.quern.http.PrometheusText p = io.quern.http.PrometheusText.parse(metrics.scrape());
      assertEquals(2.0, p.value("quern_rpc_calls_total", "method=\"ping\"", "outcome=\"ok\"", "protocol=\"pinger\""));
      assertEquals(1.0, p.value("quern_rpc_calls_total", "method=\"echo\"", "outcome=\"error\""));
      assertEquals(2.0, p.value("quern_rpc_call_duration_seconds_count", "method=\"ping\""));
    }
  }

  @Test
  void twoServersOnOnePortOfDifferentAddresses() throws Exception {
    try (RpcServer one = serve(conf(), "127.0.0.1", 0, new PingServer("one"));
        RpcServer two = serve(conf(), "127.0.0.2", one.port(), new PingServer("two"))) {
      assertEquals(one.port(), two.port());
      Pingable toOne = lookup(new HostPort("127.0.0.1", one.port()));
      Pingable toTwo = lookup(new HostPort("127.0.0.2", one.port()));
      for (int i = 0; i < 3; i++) {
        assertEquals("one", toOne.ping());
        assertEquals("two", toTwo.ping());
      }
    }
  }

  @Test
  void closeFreesThePort() throws Exception {
    RpcServer first = serve(conf(), "127.0.0.1", 0, new PingServer("first"));
    int port = first.port();
    assertEquals("first", lookup(first.endpoint()).ping());
    first.close();

    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(port, probe.getLocalPort());
    }
    try (RpcServer second = serve(conf(), "127.0.0.1", port, new PingServer("second"))) {
      assertEquals("second", lookup(second.endpoint()).ping());
    }
  }

  @Test
  void aStubCanBePassedAsAnArgument() throws Exception {
    try (RpcServer a = serve(conf(), "127.0.0.1", 0, new PingServer("a"));
        RpcServer b = serve(conf(), "127.0.0.2", 0, new PingServer("b"))) {
      assertEquals("a->b", lookup(a.endpoint()).relay(lookup(b.endpoint())));
    }
  }

  @Test
  void exportingTwiceUnderOneNameFails() throws Exception {
    try (RpcServer server = serve(conf(), "127.0.0.1", 0, new PingServer("a"))) {
      assertThrows(IllegalArgumentException.class,
          () -> server.export(NAME, new PingServer("b"), Pingable.class));
      assertEquals("a", lookup(server.endpoint()).ping());
    }
  }

  /** Remote, so the JDK's built-in registry filter would let it in; ours does not. */
  static final class Unlisted implements Remote, Serializable {}

  @Test
  void theRegistryUsesTheAllowList() throws Exception {
    try (RpcServer server = serve(conf(), "127.0.0.1", 0, new PingServer("a"))) {
      Registry registry = LocateRegistry.getRegistry("127.0.0.1", server.port(),
          TimeoutClientSocketFactory.fromConf(conf(), "127.0.0.1"));
      RemoteException e = assertThrows(RemoteException.class, () -> registry.bind("intruder", new Unlisted()));
      assertTrue(causeOf(e, InvalidClassException.class).getMessage().contains("REJECTED"));
      assertEquals("a", lookup(server.endpoint()).ping());
    }
  }

  /**
   * Tasks run on the daemons' hosts, which the JDK's registry trusts: a caller here must still
   * not bind its own stub under a daemon's name (the filter reads no stub), and a name it unbinds
   * is bound again within seconds.
   */
  @Test
  void aCallerOnThisHostCannotRebindAndWhatItUnbindsComesBack() throws Exception {
    try (RpcServer server = serve(conf(), "127.0.0.1", 0, new PingServer("real"));
        RpcServer impostor = serve(conf(), "127.0.0.2", 0, new PingServer("impostor"))) {
      Registry registry = LocateRegistry.getRegistry("127.0.0.1", server.port(),
          TimeoutClientSocketFactory.fromConf(conf(), "127.0.0.1"));
      Remote fake = lookup(impostor.endpoint());
      RemoteException e = assertThrows(RemoteException.class, () -> registry.rebind(NAME, fake));
      assertTrue(causeOf(e, InvalidClassException.class).getMessage().contains("REJECTED"), e.toString());
      assertEquals("real", lookup(server.endpoint()).ping());
      registry.unbind(NAME);
      io.quern.testutil.Wait.until("the unbound name to be bound again", java.time.Duration.ofSeconds(10), () -> {
        try {
          return lookup(server.endpoint()).ping().equals("real");
        } catch (Exception gone) {
          return false;
        }
      });
    }
  }
}
