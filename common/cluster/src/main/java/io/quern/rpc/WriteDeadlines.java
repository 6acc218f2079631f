package io.quern.rpc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Write timeouts for sockets, which Java has only for reads: a write into a peer that stopped
 * reading (its host cut off the network) blocks once the send buffer is full, for as long as TCP
 * retransmits, many minutes. One watchdog thread closes the socket of any write or flush that has
 * been blocked longer than its deadline; the blocked call then fails with the socket's
 * {@link java.net.SocketException}, and the caller recovers as from a read timeout (a DFS writer
 * drops the DataNode from its pipeline).
 */
final class WriteDeadlines {
  /** How often the watchdog looks; a blocked write fails within its deadline plus this. */
  private static final long CHECK_MILLIS = 500;
  /** A concurrent set: writers add and remove themselves, the watchdog thread reads it. */
  private static final Set<Guarded> WRITING = ConcurrentHashMap.newKeySet();

  static {
    Thread t = new Thread(WriteDeadlines::watch, "rpc-write-deadlines");
    t.setDaemon(true);
    t.start();
  }

  private WriteDeadlines() {}

  /** {@code out}, whose every write and flush closes {@code socket} when blocked longer than {@code deadlineMillis}. */
  static OutputStream guard(OutputStream out, Socket socket, long deadlineMillis) {
    return new Guarded(out, socket, TimeUnit.MILLISECONDS.toNanos(deadlineMillis));
  }

  private static void watch() {
    while (true) {
      try {
        Thread.sleep(CHECK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Guarded g : WRITING) {
        g.closeIfOverdue(now);
      }
    }
  }

  /** The stream; {@code since} is when the call in progress began (0: none). */
  private static final class Guarded extends OutputStream {
    /** Owned by the one thread writing the connection (RMI writes a connection from one thread at a time). */
    private final OutputStream out;
    private final Socket socket;
    private final long deadlineNanos;
    private volatile long since;

    Guarded(OutputStream out, Socket socket, long deadlineNanos) {
      this.out = out;
      this.socket = socket;
      this.deadlineNanos = deadlineNanos;
    }

    private void begin() {
      since = System.nanoTime() | 1; // never 0 while writing
      WRITING.add(this);
    }

    private void end() {
      since = 0;
      WRITING.remove(this);
    }

    void closeIfOverdue(long now) {
      long s = since;
      if (s != 0 && now - s > deadlineNanos) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing is all we can do
        }
        WRITING.remove(this);
      }
    }

    @Override
    public void write(int b) throws IOException {
      begin();
      try {
        out.write(b);
      } finally {
        end();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      begin();
      try {
        out.write(b, off, len);
      } finally {
        end();
      }
    }

    @Override
    public void flush() throws IOException {
      begin();
      try {
        out.flush();
      } finally {
        end();
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
