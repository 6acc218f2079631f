package io.quern.rpc;

import static io.quern.rpc.RpcTesting.causeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.protocol.Canary;
import io.quern.protocol.Envelope;
import io.quern.protocol.PingServer;
import io.quern.protocol.Pingable;
import io.quern.security.AuthenticationException;
import io.quern.security.ClusterCredentials;
import io.quern.security.Security;
import io.quern.security.TestSecurity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.Remote;
import java.rmi.server.ObjID;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against a running, secured RPC server: each is refused, nothing from an
 * unauthenticated peer is deserialized, and the server answers the next valid call.
 */
class HostilePayloadIT {
  private static final int MAX_PER_PEER = 6;
  private static PingServer impl;
  private static RpcServer server;
  private static Pingable pinger;
  private static ObjID pingerId;
  private static Method echo;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = RpcTesting.conf();
    conf.set(Security.HANDSHAKE_TIMEOUT_KEY, "1s");
    conf.set(ConnectionGuard.MAX_CONNECTIONS_PER_PEER_KEY, String.valueOf(MAX_PER_PEER));
    impl = new PingServer("s");
    server = RpcTesting.serve(conf, "127.0.0.1", 0, impl);
    pinger = RpcTesting.lookup(server.endpoint());
    pingerId = RawRmiClient.objId(pinger);
    echo = Pingable.class.getMethod("echo", Envelope.class);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void serverStillAnswers() throws Exception {
    assertEquals("s", pinger.ping());
    assertEquals("s:ok:String", pinger.echo(new Envelope("ok", "fine")));
  }

  private static RawRmiClient authenticated() throws IOException {
    return new RawRmiClient(server.endpoint(), null, TestSecurity.install()).open();
  }

  private static void assertRejected(Object result) {
    RawRmiClient.Thrown thrown = assertInstanceOf(RawRmiClient.Thrown.class, result);
    InvalidClassException e = causeOf(thrown.exception(), InvalidClassException.class);
    assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
  }

  @Test
  void theRawClientWorksForAValidCall() throws Exception {
    int before = Canary.READS.get();
    try (RawRmiClient c = authenticated()) {
      assertEquals("s:ok:Canary", c.call(pingerId, echo, new Envelope("ok", new Canary("allowed"))));
    }
    assertEquals(before + 1, Canary.READS.get(), "the canary counts what the server deserializes");
  }

  @Test
  void aClassOutsideTheListIsRefused() throws Exception {
    int calls = impl.calls();
    try (RawRmiClient c = authenticated()) {
      assertRejected(c.call(pingerId, echo, new Envelope("x", new AtomicLong(1))));
    }
    assertEquals(calls, impl.calls());
  }

  /** A Serializable handler: the shape of the proxy-based gadget chains. */
  static final class HostileHandler implements InvocationHandler, Serializable {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return null;
    }
  }

  @Test
  void gadgetChainShapesAreRefused() throws Exception {
    PriorityQueue<Object> queue = new PriorityQueue<>(Collections.reverseOrder());
    queue.add("a");
    queue.add("b");
    TreeMap<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER); // allowed map, hostile comparator
    sorted.put("k", "v");
    Object remoteProxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Remote.class},
        new HostileHandler());
    List<Object> gadgets = List.of(queue, new javax.management.BadAttributeValueExpException("x"), sorted,
        remoteProxy, new ArrayList<>(List.of("fine", new AtomicLong(2))));
    for (Object gadget : gadgets) {
      try (RawRmiClient c = authenticated()) {
        assertRejected(c.call(pingerId, echo, new Envelope("gadget", gadget)));
      }
    }
  }

  @Test
  void aNestedCollectionDepthBombIsRefused() throws Exception {
    AtomicReference<byte[]> body = new AtomicReference<>();
    Thread writer = new Thread(null, () -> {
      List<Object> bomb = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        List<Object> outer = new ArrayList<>();
        outer.add(bomb);
        bomb = outer;
      }
      try {
        body.set(RawRmiClient.callBody(pingerId, echo, new Envelope("bomb", bomb)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "deep-writer", 512L << 20);
    writer.start();
    writer.join();
    try (RawRmiClient c = authenticated()) {
      assertRejected(c.callRaw(body.get()));
    }
  }

  @Test
  void aHugeArrayLengthIsRefusedWithoutTheBytes() throws Exception {
    for (Object empty : List.of(new int[0], new byte[0], new Object[0])) {
      try (RawRmiClient c = authenticated()) {
        // the array is the stream's last value: its last four bytes are its length; claim 2^30
        assertRejected(c.call(pingerId, echo, bytes -> {
          byte[] forged = bytes.clone();
          forged[forged.length - 4] = 0x40;
          return forged;
        }, new Envelope("huge", empty)));
      }
    }
  }

  @Test
  void garbageAfterAValidHandshakeClosesTheConnection() throws Exception {
    Random random = new Random(6);
    for (int round = 0; round < 5; round++) {
      byte[] garbage = new byte[1 + random.nextInt(4096)];
      random.nextBytes(garbage);
      try (RawRmiClient c = new RawRmiClient(server.endpoint(), null, TestSecurity.install())) {
        c.writeRaw(garbage);
        assertClosedSoon(c);
      }
      int calls = impl.calls();
      try (RawRmiClient c = authenticated()) { // a well-formed opening, then a garbage call
        Object answer;
        try {
          answer = c.callRaw(garbage);
        } catch (IOException closed) {
          answer = new RawRmiClient.Thrown(closed);
        }
        assertInstanceOf(RawRmiClient.Thrown.class, answer, "the server refuses the call or closes");
      }
      assertEquals(calls, impl.calls());
    }
  }

  @Test
  void anUnauthenticatedPeerIsClosedBeforeAnythingIsDeserialized() throws Exception {
    int before = Canary.READS.get();
    int calls = impl.calls();
    ByteArrayOutputStream jrmp = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(jrmp);
    d.writeInt(0x4a524d49);
    d.writeShort(2);
    d.writeByte(0x4b);
    d.writeUTF("127.0.0.1");
    d.writeInt(0);
    d.writeByte(0x50);
    d.write(RawRmiClient.callBody(pingerId, echo, new Envelope("unauthenticated", new Canary("never read"))));
    try (RawRmiClient c = new RawRmiClient(server.endpoint(), null, null)) {
      c.writeRaw(jrmp.toByteArray());
      assertClosedSoon(c);
    }
    assertEquals(before, Canary.READS.get(), "the canary was deserialized");
    assertEquals(calls, impl.calls());
  }

  @Test
  void aWrongSecretIsRefused() throws Exception {
    byte[] other = new byte[32];
    new Random(7).nextBytes(other);
    AuthenticationException e = assertThrows(AuthenticationException.class,
        () -> new RawRmiClient(server.endpoint(), null, ClusterCredentials.ofSecret(other, false)));
    assertTrue(e.getMessage().contains("secrets differ"), e.getMessage());
  }

  @Test
  void aSilentOrTricklingPeerIsDroppedAfterTheHandshakeTimeoutWhileOthersAreServed() throws Exception {
    try (Socket silent = connect("127.0.0.4"); Socket trickle = connect("127.0.0.4")) {
      long start = System.nanoTime();
      assertEquals("s", pinger.ping()); // the accept thread is not held up
      byte[] magic = "QRNC".getBytes();
      for (byte b : magic) {
        trickle.getOutputStream().write(b);
        Thread.sleep(200);
      }
      assertEquals(-1, drain(silent));
      assertEquals(-1, drain(trickle));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms >= 700 && ms < 3_000, "dropped after " + ms + " ms");
    }
  }

  @Test
  void onePeerCannotHoldMoreThanItsShareOfConnections() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_PER_PEER; i++) {
        held.add(connect("127.0.0.3"));
      }
      java.net.InetAddress peer = java.net.InetAddress.getByName("127.0.0.3");
      io.quern.testutil.Wait.until("the accept thread to count the held connections", java.time.Duration.ofSeconds(10),
          () -> server.openConnections(peer) == MAX_PER_PEER);
      long start = System.nanoTime();
      // The refusal is a reset sent at accept; on loopback it can beat the end of connect().
      try (Socket extra = connect("127.0.0.3")) {
        assertEquals(-1, drain(extra));
      } catch (java.net.SocketException resetDuringConnect) {
        assertTrue(resetDuringConnect.getMessage().contains("reset"), resetDuringConnect.toString());
      }
      assertTrue((System.nanoTime() - start) / 1_000_000 < 700, "refused at accept, not at the handshake timeout");
      assertEquals("s", pinger.ping()); // another address is unaffected
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static Socket connect(String from) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(new InetSocketAddress(server.endpoint().host(), server.endpoint().port()), 2_000);
    s.setSoTimeout(5_000);
    return s;
  }

  /** Reads until end of stream (-1) or reset (-1 too); the server's hello and refusal are skipped. */
  private static int drain(Socket s) throws IOException {
    byte[] buf = new byte[256];
    try {
      while (s.getInputStream().read(buf) >= 0) {
        // the server's hello, a refusal code
      }
    } catch (java.net.SocketException reset) {
      // closed with a reset
    }
    return -1;
  }

  private static void assertClosedSoon(RawRmiClient c) throws IOException {
    try {
      while (c.readByte() >= 0) {
        // whatever the server said before closing
      }
    } catch (java.net.SocketException reset) {
      // closed with a reset
    }
  }

  static HostPort endpoint() {
    return server.endpoint();
  }

  static String describe(byte[] b) {
    return Arrays.toString(b);
  }
}
