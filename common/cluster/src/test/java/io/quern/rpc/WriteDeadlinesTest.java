package io.quern.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A write into a peer that stopped reading fails once blocked past its deadline; others pass through. */
class WriteDeadlinesTest {
  @Test
  @Timeout(30)
  void aWriteBlockedOnAPeerThatNeverReadsFailsAfterItsDeadline() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      OutputStream out = WriteDeadlines.guard(client.getOutputStream(), client, 1000);
      byte[] chunk = new byte[1 << 20];
      long t0 = System.nanoTime();
      // The peer never reads: once both buffers are full the write blocks, until the watchdog closes it.
      assertThrows(IOException.class, () -> {
        for (int i = 0; i < 1024; i++) {
          out.write(chunk);
        }
      });
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      assertTrue(client.isClosed(), "the socket of the blocked write is closed");
      assertTrue(seconds < 20, "failed after " + seconds + " s, not within its deadline");
    }
  }

  @Test
  void writesThatFlowArriveWhole() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      byte[] data = new byte[8 << 20];
      new Random(3).nextBytes(data);
      Thread writer = new Thread(() -> {
        try (OutputStream out = WriteDeadlines.guard(client.getOutputStream(), client, 1000)) {
          out.write(data, 0, 100);
          out.write(data[100]);
          out.write(data, 101, data.length - 101);
          out.flush();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.start();
      byte[] got = peer.getInputStream().readAllBytes();
      writer.join();
      assertArrayEquals(data, got);
    }
  }
}
