package io.quern.rpc;

import io.quern.security.Handshake;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection accepted by {@link GuardedServerSocket}. Its streams run the server side of the
 * handshake on their first read or write, which RMI makes in the connection's own thread: a slow
 * or silent peer holds up only that thread, never RMI's single accept thread. Until the handshake
 * has succeeded no byte reaches RMI; when it fails the socket is closed and the read throws, so
 * nothing is ever deserialized from an unauthenticated peer.
 *
 * <p>Each read also records the connection's {@link CallContext} on the reading thread, which is
 * the thread RMI then runs the call on.
 */
final class ServerConnection extends Socket {
  private enum State { NEW, READY, FAILED }

  private final ConnectionGuard guard;
  /** Atomic: the connection is released once, by whichever thread closes it first. */
  private final AtomicBoolean released = new AtomicBoolean();
  /** Guards state, caller, in and out. */
  private final Object lock = new Object();
  private volatile InetAddress peer; // set once admitted; released on close
  private State state = State.NEW; // guarded by lock
  private CallContext.Caller caller; // guarded by lock
  private InputStream in; // guarded by lock: the session's view of the raw stream
  private OutputStream out; // guarded by lock
  /** Thread-safe: reads through in, taken under lock. */
  private final InputStream lazyIn = new LazyInput();
  /** Thread-safe: writes through out, taken under lock. */
  private final OutputStream lazyOut = new LazyOutput();

  ServerConnection(ConnectionGuard guard) {
    this.guard = guard;
  }

  void admitted(InetAddress peer) {
    this.peer = peer;
    guard.track(this);
  }

  @Override
  public InputStream getInputStream() throws IOException {
    if (isClosed()) {
      throw new SocketException("Socket is closed");
    }
    return lazyIn;
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    if (isClosed()) {
      throw new SocketException("Socket is closed");
    }
    return lazyOut;
  }

  private InputStream input() throws IOException {
    synchronized (lock) {
      ready();
      CallContext.set(caller);
      return in;
    }
  }

  private OutputStream output() throws IOException {
    synchronized (lock) {
      ready();
      return out;
    }
  }

  /** Runs the handshake once; guarded by lock. */
  private void ready() throws IOException {
    if (state == State.READY) {
      return;
    }
    if (state == State.FAILED) {
      throw new SocketException("connection refused by the handshake");
    }
    InetAddress from = getInetAddress();
    try {
      Handshake.Session session = guard.handshake(this, super.getInputStream(), super.getOutputStream());
      in = session.input(super.getInputStream());
      // A reply into a peer cut off blocks as long as TCP retransmits: no longer than a call may wait.
      out = session.output(WriteDeadlines.guard(super.getOutputStream(), this, guard.writeTimeoutMs()));
      caller = !guard.secure() ? CallContext.Caller.ANONYMOUS
          : session.subject().map(CallContext.Caller::job).orElse(CallContext.Caller.CLUSTER);
      state = State.READY;
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      guard.refused(from, getLocalPort(), "handshake failed: " + e.getMessage());
      try {
        close();
      } catch (IOException ignored) {
        // closing a socket we are giving up on
      }
      throw new SocketException("handshake with " + from + " failed: " + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      InetAddress p = peer;
      if (p != null && released.compareAndSet(false, true)) {
        guard.release(p, this);
      }
    }
  }

  private final class LazyInput extends InputStream {
    @Override
    public int read() throws IOException {
      return input().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return input().read(b, off, len);
    }

    @Override
    public int available() throws IOException {
      synchronized (lock) {
        return state == State.READY ? in.available() : 0;
      }
    }

    @Override
    public void close() throws IOException {
      ServerConnection.this.close();
    }
  }

  private final class LazyOutput extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      output().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      output().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      synchronized (lock) {
        if (state == State.READY) {
          out.flush();
        }
      }
    }

    @Override
    public void close() throws IOException {
      ServerConnection.this.close();
    }
  }
}
