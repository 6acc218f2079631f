package io.quern.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.protocol.Envelope;
import io.quern.protocol.Pingable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SerialFilterTest {
  private final SerialFilter filter = new SerialFilter(new SerialFilter.Limits(20, 10_000, 1_000, 1 << 20), List.of());

  @Test
  void protocolRecordsAndTheCollectionsTheyUsePass() throws Exception {
    Object payload = List.of(
        new ArrayList<>(List.of("a", 1, 2L, 3.0, true, 'c')),
        new HashMap<>(Map.of("k", (short) 1)), new LinkedHashMap<>(Map.of("k", (byte) 2)),
        new TreeMap<>(Map.of("k", 1f)), new HashSet<>(Set.of(1)), Set.of(2), Map.of("m", 3),
        Collections.unmodifiableList(new ArrayList<>(List.of(4))), Collections.unmodifiableMap(Map.of()),
        Collections.emptyList(), Instant.now(), Duration.ofSeconds(3), new Envelope("inner", null));
    Envelope in = new Envelope("all", payload);
    assertEquals(in, roundTrip(in, filter));

    Envelope arrays = (Envelope) roundTrip(new Envelope("arrays", List.of(new String[] {"s"}, new long[1_000])), filter);
    assertEquals(1_000, ((long[]) ((List<?>) arrays.payload()).get(1)).length);
  }

  @Test
  void classesOutsideTheListAreRejected() {
    assertRejected(new Envelope("x", new AtomicLong(1)));
    assertRejected(new Envelope("x", new javax.management.BadAttributeValueExpException("gadget")));
    assertRejected(new Envelope("x", List.of(new java.util.Date())));
    assertRejected(new Envelope("x", TimeUnit.SECONDS)); // enums only from io.quern.protocol
    assertFalse(filter.isAllowed(java.rmi.server.UnicastRemoteObject.class), "re-exports itself when read");
    assertRejected(new Envelope("x", new Object[] {"fine", new AtomicLong(2)}));
  }

  @Test
  void aProxyIsJudgedByItsInterfacesAndHandler() {
    assertRejected(new Envelope("x", Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Pingable.class}, new SneakyHandler())));
    assertTrue(filter.isAllowed(proxyClass(Pingable.class)));
    assertFalse(filter.isAllowed(proxyClass(Runnable.class)));
  }

  @Test
  void aFewBytesClaimingAHugeArrayAreRefusedBeforeTheAllocation() throws Exception {
    // A stream that is nothing but the header of a long[] of 16 million elements (128 MiB): 27 bytes.
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(b)) {
      out.writeObject(new long[0]);
    }
    byte[] bytes = b.toByteArray();
    java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt(16 << 20);
    SerialFilter daemon = new SerialFilter(SerialFilter.Limits.DEFAULT, List.of());
    java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes));
    in.setObjectInputFilter(daemon);
    java.io.InvalidClassException e = assertThrows(java.io.InvalidClassException.class, in::readObject);
    assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
  }

  @Test
  void boundsAreEnforced() {
    assertRejected(new Envelope("x", new byte[1_001]));
    assertRejected(new Envelope("x", new ArrayList<>(Collections.nCopies(1_001, "e"))));
    Object deep = "bottom";
    for (int i = 0; i < 25; i++) {
      deep = new Envelope("level" + i, deep);
    }
    assertRejected(deep);
  }

  @Test
  void extraPatternsWidenTheList() throws Exception {
    SerialFilter wider = new SerialFilter(SerialFilter.Limits.DEFAULT, List.of("java.util.concurrent.atomic.*"));
    Envelope in = new Envelope("x", new AtomicLong(7));
    assertEquals("7", ((Envelope) roundTrip(in, wider)).payload().toString());
    assertThrows(IllegalArgumentException.class,
        () -> new SerialFilter(SerialFilter.Limits.DEFAULT, List.of("!java.lang.Runtime")));
    assertThrows(IllegalArgumentException.class,
        () -> new SerialFilter(SerialFilter.Limits.DEFAULT, List.of("maxdepth=100")));
  }

  @Test
  void patternsFollowTheJdkSyntax() {
    assertTrue(SerialFilter.matches("a.b.*", "a.b.C"));
    assertFalse(SerialFilter.matches("a.b.*", "a.b.c.D"));
    assertTrue(SerialFilter.matches("a.b.**", "a.b.c.D"));
    assertFalse(SerialFilter.matches("a.b.**", "a.bc.D"));
    assertTrue(SerialFilter.matches("a.B*", "a.B$Inner"));
    assertTrue(SerialFilter.matches("a.B", "a.B"));
    assertFalse(SerialFilter.matches("a.B", "a.B$Inner"));
  }

  @Test
  void boundsComeFromTheConfiguration() {
    Configuration conf = new Configuration(false);
    conf.set(SerialFilter.MAX_ARRAY_KEY, "10");
    conf.set(SerialFilter.MAX_BYTES_KEY, "1m");
    SerialFilter.Limits limits = SerialFilter.fromConf(conf, List.of()).limits();
    assertEquals(10, limits.maxArrayLength());
    assertEquals(1 << 20, limits.maxStreamBytes());
    assertEquals(SerialFilter.Limits.DEFAULT.maxDepth(), limits.maxDepth());
  }

  /**
   * Every class a protocol's calls carry, arguments and answers, down through record components
   * and type arguments: a record moved out of the listed packages is refused on the wire.
   */
  @Test
  void everyClassTheProtocolsCarryIsAllowed() {
    Set<Class<?>> carried = new LinkedHashSet<>();
    for (Class<?> protocol : PROTOCOLS) {
      for (Method m : protocol.getMethods()) {
        for (Type t : m.getGenericParameterTypes()) {
          collect(t, carried);
        }
        collect(m.getGenericReturnType(), carried);
      }
    }
    SerialFilter daemon = new SerialFilter(SerialFilter.Limits.DEFAULT, List.of());
    List<String> refused = carried.stream().filter(c -> !daemon.isAllowed(c)).map(Class::getName).toList();
    assertEquals(List.of(), refused);
    assertTrue(carried.contains(io.quern.mapreduce.SplitInfo.class), "the walk reaches record components");
  }

  @Test
  void aFullBatchOfAttemptReportsPassesADaemonsBounds() throws Exception {
    List<io.quern.protocol.mapred.AttemptReport> batch = new ArrayList<>();
    io.quern.mapreduce.CountersSnapshot counters = new io.quern.mapreduce.CountersSnapshot(Map.of(
        "io.quern.mapreduce.TaskCounter", new TreeMap<>(Map.of("MAP_INPUT_RECORDS", 1L, "MAP_OUTPUT_RECORDS", 2L,
            "SPILLED_RECORDS", 3L, "MAP_OUTPUT_BYTES", 4L))));
    for (int i = 0; i < io.quern.protocol.mapred.TaskUmbilicalProtocol.MAX_REPORTS; i++) {
      io.quern.protocol.mapred.AttemptStatus s = new io.quern.protocol.mapred.AttemptStatus(1,
          "attempt_202601010000_0001_m_" + i + "_0", "w1", 1, "map", counters, "h:1");
      batch.add(i % 2 == 0 ? io.quern.protocol.mapred.AttemptReport.done(s)
          : io.quern.protocol.mapred.AttemptReport.failed(s, "why", false));
    }
    SerialFilter daemon = new SerialFilter(SerialFilter.Limits.DEFAULT, List.of());
    assertEquals(batch, roundTrip(new ArrayList<>(batch), daemon));
  }

  static final List<Class<?>> PROTOCOLS = List.of(
      io.quern.protocol.dfs.BlockTransferProtocol.class, io.quern.protocol.dfs.ClientNamenodeProtocol.class,
      io.quern.protocol.dfs.DatanodeCommands.class, io.quern.protocol.dfs.DatanodeProtocol.class,
      io.quern.protocol.mapred.ChildUmbilicalProtocol.class, io.quern.protocol.mapred.JobSubmissionProtocol.class,
      io.quern.protocol.mapred.ShuffleProtocol.class, io.quern.protocol.mapred.TaskLaunchProtocol.class,
      io.quern.protocol.mapred.TaskUmbilicalProtocol.class);

  /** The concrete classes {@code t} puts on the wire; interfaces (List, Map) are judged by their implementations. */
  private static void collect(Type t, Set<Class<?>> into) {
    if (t instanceof ParameterizedType p) {
      collect(p.getRawType(), into);
      for (Type arg : p.getActualTypeArguments()) {
        collect(arg, into);
      }
    } else if (t instanceof Class<?> c) {
      if (c.isArray()) {
        collect(c.getComponentType(), into);
      } else if (!c.isPrimitive() && !c.isInterface() && into.add(c) && c.isRecord()) {
        for (java.lang.reflect.RecordComponent rc : c.getRecordComponents()) {
          collect(rc.getGenericType(), into);
        }
      }
    }
  }

  private void assertRejected(Object value) {
    InvalidClassException e = assertThrows(InvalidClassException.class, () -> roundTrip(value, filter));
    assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
  }

  private Class<?> proxyClass(Class<?> iface) {
    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {iface}, new SneakyHandler()).getClass();
  }

  static Object roundTrip(Object value, SerialFilter filter) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      in.setObjectInputFilter(filter);
      return in.readObject();
    }
  }

  /** Serializable, but nothing the filter knows. */
  static final class SneakyHandler implements InvocationHandler, Serializable {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return null;
    }
  }
}
