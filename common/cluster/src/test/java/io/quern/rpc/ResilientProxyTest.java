package io.quern.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.net.HostPort;
import io.quern.protocol.Envelope;
import io.quern.protocol.PingRefusedException;
import io.quern.protocol.PingServer;
import io.quern.protocol.Pingable;
import java.rmi.ConnectException;
import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.UnmarshalException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResilientProxyTest {
  private static final HostPort A = new HostPort("10.0.0.1", 9000);
  private static final HostPort B = new HostPort("10.0.0.2", 9000);

  private final FakeTimer timer = new FakeTimer();
  private final List<HostPort> lookups = new ArrayList<>();

  /** A stub whose ping fails with {@code failure}, as a dead or moved daemon's would. */
  private static Pingable failing(RemoteException failure) {
    return new Pingable() {
      @Override
      public String ping() throws RemoteException {
        throw failure;
      }

      @Override
      public String echo(Envelope envelope) throws RemoteException {
        throw failure;
      }

      @Override
      public String relay(Pingable other) throws RemoteException {
        throw failure;
      }

      @Override
      public String slowPing(long millis) throws RemoteException {
        throw failure;
      }
    };
  }

  private Pingable proxy(AtomicReference<HostPort> resolver, ResilientProxy.StubLocator<Pingable> locator) {
    return ResilientProxy.create(Pingable.class, "pinger", resolver::get, 30_000, endpoint -> {
      lookups.add(endpoint);
      return locator.lookup(endpoint);
    }, timer);
  }

  @Test
  void looksUpLazilyOnceAndReusesTheStub() throws Exception {
    PingServer server = new PingServer("a");
    Pingable p = proxy(new AtomicReference<>(A), endpoint -> server);
    assertEquals(List.of(), lookups);
    assertEquals("a", p.ping());
    assertEquals("a", p.ping());
    assertEquals(List.of(A), lookups);
  }

  @Test
  void failsOverWhenTheResolverPointsElsewhere() throws Exception {
    AtomicReference<HostPort> resolver = new AtomicReference<>(A);
    PingServer b = new PingServer("b");
    Pingable p = proxy(resolver, endpoint -> {
      if (endpoint.equals(A)) {
        resolver.set(B); // discovery notices the move while we retry
        return failing(new ConnectException("refused"));
      }
      return b;
    });
    assertEquals("b", p.ping());
    assertEquals(List.of(A, B), lookups);
    assertEquals(List.of(100L), timer.sleeps);
  }

  @Test
  void followsTheResolverToANewEndpointEvenWhileTheOldOneStillAnswers() throws Exception {
    AtomicReference<HostPort> resolver = new AtomicReference<>(A);
    PingServer a = new PingServer("a");
    PingServer b = new PingServer("b");
    Pingable p = proxy(resolver, endpoint -> endpoint.equals(A) ? a : b);
    assertEquals("a", p.ping());
    resolver.set(B); // a new active master is published; the old one is paused, not gone
    assertEquals("b", p.ping());
    assertEquals(List.of(A, B), lookups);
  }

  @Test
  void waitsWhileNoEndpointIsKnown() throws Exception {
    AtomicReference<HostPort> resolver = new AtomicReference<>();
    PingServer a = new PingServer("a");
    Pingable p = ResilientProxy.create(Pingable.class, "pinger", () -> {
      if (timer.sleeps.size() == 3) {
        resolver.set(A);
      }
      return resolver.get();
    }, 30_000, endpoint -> a, timer);
    assertEquals("a", p.ping());
    assertEquals(List.of(100L, 200L, 400L), timer.sleeps);
  }

  @Test
  void givesUpAfterTheWindowWithTheLastFailure() {
    RemoteException refused = new ConnectException("refused");
    Pingable p = proxy(new AtomicReference<>(A), endpoint -> failing(refused));
    RemoteException e = assertThrows(RemoteException.class, p::ping);
    assertSame(refused, e);
    assertEquals(30_000, timer.totalSleptMillis());
    assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L), timer.sleeps.subList(0, 7));
    assertTrue(lookups.size() > 10, "re-resolved on every attempt");
  }

  @Test
  void notBoundIsRetriedAndEndsAsNoSuchObject() {
    Pingable p = proxy(new AtomicReference<>(A), endpoint -> {
      throw new NotBoundException("pinger");
    });
    NoSuchObjectException e = assertThrows(NoSuchObjectException.class, p::ping);
    assertTrue(e.getMessage().contains("pinger is not bound at " + A));
  }

  @Test
  void failuresAfterTheRequestMayHaveArrivedAreNotRetried() {
    UnmarshalException timeout = new UnmarshalException("error unmarshalling return",
        new java.net.SocketTimeoutException("Read timed out"));
    Pingable p = proxy(new AtomicReference<>(A), endpoint -> failing(timeout));
    assertSame(timeout, assertThrows(UnmarshalException.class, p::ping));
    assertEquals(List.of(), timer.sleeps);
    assertEquals(List.of(A), lookups);
  }

  @Test
  void applicationExceptionsPassThroughAndKeepTheStub() throws Exception {
    PingServer server = new PingServer("a");
    Pingable p = proxy(new AtomicReference<>(A), endpoint -> server);
    assertThrows(PingRefusedException.class, () -> p.echo(new Envelope("refuse", null)));
    assertEquals("a:ok:Integer", p.echo(new Envelope("ok", 1)));
    assertEquals(List.of(A), lookups);
  }

  @Test
  void objectMethodsAreAnsweredLocally() {
    Pingable p = proxy(new AtomicReference<>(A), endpoint -> new PingServer("a"));
    assertEquals(p, p);
    assertTrue(p.toString().contains("pinger"));
    assertEquals(List.of(), lookups);
  }

  interface NotRemote extends Remote {
    String call();
  }

  @Test
  void interfacesMustDeclareRemoteException() {
    assertThrows(IllegalArgumentException.class, () -> ResilientProxy.create(NotRemote.class, "x",
        () -> A, 1_000, endpoint -> null, timer));
  }

  /** A remote object with one repeatable method and one that is not. */
  interface Ledger extends java.rmi.Remote {
    @Idempotent
    String balance() throws RemoteException;

    String post() throws RemoteException;
  }

  @Test
  void idempotentMethodsAreRetriedAlsoWhenTheReplyWasLost() throws Exception {
    UnmarshalException reset = new UnmarshalException("error unmarshalling return header",
        new java.io.EOFException());
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Ledger dyingOnce = new Ledger() {
      @Override
      public String balance() throws RemoteException {
        if (calls.getAndIncrement() == 0) {
          throw reset;
        }
        return "42";
      }

      @Override
      public String post() throws RemoteException {
        calls.getAndIncrement();
        throw reset;
      }
    };
    Ledger p = ResilientProxy.create(Ledger.class, "ledger", () -> A, 30_000, endpoint -> dyingOnce, timer);
    assertEquals("42", p.balance());
    assertEquals(List.of(100L), timer.sleeps);
    calls.set(0);
    assertSame(reset, assertThrows(UnmarshalException.class, p::post), "a post may have happened: not repeated");
    assertEquals(1, calls.get());
  }

  @Test
  void anObserverHearsOfEachWaitAndOfItsEndWhetherTheCallGoesThroughOrGivesUp() throws Exception {
    List<String> heard = new ArrayList<>();
    WaitObserver observer = new WaitObserver() {
      @Override
      public void waiting() {
        heard.add("waiting");
      }

      @Override
      public void resumed() {
        heard.add("resumed");
      }
    };
    PingServer server = new PingServer("a");
    int[] refusals = {2};
    Pingable p = ResilientProxy.create(Pingable.class, "pinger", () -> A, 30_000,
        endpoint -> refusals[0]-- > 0 ? failing(new ConnectException("refused")) : server, timer, observer);
    assertEquals("a", p.ping());
    assertEquals(List.of("waiting", "resumed"), heard, "one wait per call, however many retries");
    heard.clear();
    assertEquals("a", p.ping());
    assertEquals(List.of(), heard, "a call that goes through at once waited for nothing");
    Pingable dead = ResilientProxy.create(Pingable.class, "pinger", () -> A, 1_000,
        endpoint -> failing(new ConnectException("refused")), timer, observer);
    assertThrows(ConnectException.class, dead::ping);
    assertEquals(List.of("waiting", "resumed"), heard, "a call that gives up ends its wait too");
  }
}
