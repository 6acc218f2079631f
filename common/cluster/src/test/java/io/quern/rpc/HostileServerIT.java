package io.quern.rpc;

import static io.quern.rpc.RpcTesting.causeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.SafeModeException;
import io.quern.rpc.RawRmiServer.Answer;
import io.quern.security.TestSecurity;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.rmi.UnmarshalException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hostile NameNode, speaking JRMP by hand behind a valid handshake, answers a real client's
 * lookup and calls with what a filter must refuse. The client refuses each answer before it
 * instantiates anything or allocates what the answer claims, and its next call is served.
 */
class HostileServerIT {
  private static final DfsFileStatus GOOD = new DfsFileStatus("/good", false, 1, 1, 1 << 20, 0, "u", "g", (short) 0644, false);
  /** What a call may allocate on the calling thread, buffers and handshake included; far below the claims. */
  private static final long SMALL = 8L << 20;

  private static Configuration conf;
  private static RawRmiServer hostile;
  private static ClientNamenodeProtocol namenode;

  /** Outside every allow-list, and counts the times it is deserialized. */
  static final class Tripwire implements Serializable {
    static final AtomicInteger READS = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      READS.incrementAndGet();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    conf = RpcTesting.conf();
    hostile = new RawRmiServer("127.0.0.1", TestSecurity.install(), ClientNamenodeProtocol.class,
        () -> Answer.returning(GOOD));
    namenode = lookup();
  }

  @AfterAll
  static void stop() throws IOException {
    hostile.close();
  }

  @AfterEach
  void theNextGoodAnswerIsTaken() throws Exception {
    assertEquals(GOOD, namenode.getFileInfo("u", "/good"));
    assertEquals(0, Tripwire.READS.get(), "a refused class was deserialized");
  }

  private static ClientNamenodeProtocol lookup() throws Exception {
    return RpcClient.lookup(conf, hostile.endpoint(), ClientNamenodeProtocol.NAME, ClientNamenodeProtocol.class);
  }

  /** Refused by this client, not by the server: no ServerException around it. */
  private static void assertRefused(Exception e) {
    UnmarshalException u = assertInstanceOf(UnmarshalException.class, e);
    InvalidClassException refused = causeOf(u, InvalidClassException.class);
    assertTrue(refused.getMessage().contains("REJECTED"), refused.getMessage());
    assertTrue(RpcErrors.describe("namenode", e).startsWith("refused what namenode answered: "),
        RpcErrors.describe("namenode", e));
  }

  private static Exception failedCall(Answer answer) {
    hostile.answerNextCall(answer);
    return assertThrows(Exception.class, () -> namenode.getFileInfo("u", "/x"));
  }

  @Test
  void classesOutsideTheListAreRefused() {
    PriorityQueue<Object> queue = new PriorityQueue<>(Collections.reverseOrder()); // a comparator gadget's shape
    queue.add("a");
    List<Object> answers = List.of(new Tripwire(), new AtomicLong(1), queue,
        new ArrayList<>(List.of("fine", new Tripwire())));
    for (Object answer : answers) {
      assertRefused(failedCall(Answer.returning(answer)));
    }
  }

  @Test
  void anExceptionOutsideTheListIsRefusedAndOnesInsideArriveWhole() {
    assertRefused(failedCall(Answer.throwing(new javax.management.BadAttributeValueExpException("gadget"))));

    SafeModeException safeMode = assertInstanceOf(SafeModeException.class,
        failedCall(Answer.throwing(new SafeModeException("starting up", true))));
    assertTrue(safeMode.startingUp());
    FileNotFoundException missing = assertInstanceOf(FileNotFoundException.class,
        failedCall(Answer.throwing(new FileNotFoundException("/x"))));
    assertEquals("/x", missing.getMessage());
  }

  @Test
  void anArrayLengthFarBeyondTheStreamIsRefusedBeforeTheAllocation() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    // each a few bytes on the wire that claim 64 to 128 MiB
    List<Object[]> claims = List.of(new Object[] {new byte[0], 64 << 20}, new Object[] {new long[0], 16 << 20},
        new Object[] {new Object[0], 32 << 20});
    for (Object[] claim : claims) {
      long before = threads.getCurrentThreadAllocatedBytes();
      assertRefused(failedCall(Answer.returning(claim[0]).forged(lastInt((Integer) claim[1]))));
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertTrue(allocated < SMALL, claim[0].getClass().getSimpleName() + ": the call allocated " + allocated + " bytes");
    }
  }

  @Test
  void aDeeplyNestedAnswerIsRefused() {
    List<Object> deep = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      List<Object> outer = new ArrayList<>();
      outer.add(deep);
      deep = outer;
    }
    assertRefused(failedCall(Answer.returning(deep)));
  }

  @Test
  void aLookupAnsweredWithAGadgetIsRefused() throws Exception {
    hostile.answerNextLookup(Answer.returning(new Tripwire()));
    assertRefused(assertThrows(Exception.class, HostileServerIT::lookup));
    assertEquals(GOOD, lookup().getFileInfo("u", "/good"));
  }

  /** Rewrites the stream's last four bytes, the length of an array written last. */
  private static UnaryOperator<byte[]> lastInt(int value) {
    return bytes -> {
      byte[] forged = bytes.clone();
      ByteBuffer.wrap(forged, forged.length - 4, 4).putInt(value);
      return forged;
    };
  }
}
