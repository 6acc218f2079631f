package io.quern.rpc;

import static io.quern.rpc.SerialFilterTest.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.SafeModeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.rmi.ServerException;
import java.rmi.UnmarshalException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JvmSerialFilterTest {
  private final SerialFilter answers = JvmSerialFilter.of(new Configuration(false));

  @Test
  void exceptionsArriveWithTheirCausesSuppressedAndStackTraces() throws Exception {
    FileNotFoundException missing = new FileNotFoundException("/x");
    missing.addSuppressed(new IllegalStateException("while closing"));
    List<Throwable> thrown = List.of(missing,
        new ServerException("in the server thread", new UnmarshalException("arguments", new InvalidClassException("REJECTED"))),
        new SafeModeException("starting up", true), new AccessControlException("denied"),
        new ExecutionException(new ConfigurationException("bad value")), new ArrayIndexOutOfBoundsException(3));
    for (Throwable t : thrown) {
      Throwable back = (Throwable) roundTrip(t, answers);
      assertEquals(t.toString(), back.toString());
      assertEquals(String.valueOf(t.getCause()), String.valueOf(back.getCause()));
      assertArrayEquals(t.getStackTrace(), back.getStackTrace());
      assertEquals(t.getSuppressed().length, back.getSuppressed().length);
    }
  }

  @Test
  void onlyThrowablesOfTheListedPackagesAndTheProtocolsPass() {
    assertFalse(answers.isAllowed(javax.management.BadAttributeValueExpException.class), "a gadget's exception");
    assertFalse(answers.isAllowed(java.util.Date.class), "java.util is listed for its exceptions only");
    assertFalse(answers.isAllowed(AtomicLong.class));
    assertTrue(answers.isAllowed(java.util.ConcurrentModificationException.class));
    assertTrue(answers.isAllowed(io.quern.mapreduce.JobStatusReport.class));
    assertTrue(answers.isAllowed(StackTraceElement[].class));
    assertThrows(InvalidClassException.class,
        () -> roundTrip(new javax.management.BadAttributeValueExpException("gadget"), answers));
  }

  @Test
  void installedItJudgesEveryStreamWithoutAFilterOfItsOwn() throws Exception {
    JvmSerialFilter.install(new Configuration(false));
    ObjectInputFilter jvm = ObjectInputFilter.Config.getSerialFilter();
    assertTrue(assertInstanceOf(SerialFilter.class, jvm).toString().contains("Throwable in io.quern.**"), jvm.toString());

    try (ObjectInputStream plain = new ObjectInputStream(new ByteArrayInputStream(serialized(new AtomicLong(1))))) {
      InvalidClassException e = assertThrows(InvalidClassException.class, plain::readObject);
      assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
    }
    // a stream's own filter replaces it: a server's arguments stay under the server's list, wider or narrower
    SerialFilter atomics = new SerialFilter(SerialFilter.Limits.DEFAULT, List.of("java.util.concurrent.atomic.*"));
    assertEquals("1", roundTrip(new AtomicLong(1), atomics).toString());
    assertThrows(InvalidClassException.class,
        () -> roundTrip(new SafeModeException("no exceptions as arguments"), new SerialFilter(SerialFilter.Limits.DEFAULT, List.of())));
  }

  @Test
  void theBoundsAreTheConfiguredOnes() {
    Configuration conf = new Configuration(false);
    conf.set(SerialFilter.MAX_ARRAY_KEY, "10");
    assertThrows(InvalidClassException.class, () -> roundTrip(new byte[11], JvmSerialFilter.of(conf)));
    conf.set(SerialFilter.MAX_DEPTH_KEY, "0");
    assertThrows(ConfigurationException.class, () -> JvmSerialFilter.of(conf));
  }

  private static byte[] serialized(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }
}
