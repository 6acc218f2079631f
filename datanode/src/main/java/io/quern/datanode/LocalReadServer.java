package io.quern.datanode;

import io.quern.protocol.dfs.LocalReadGrant;
import io.quern.protocol.dfs.ShortCircuitWire;
import io.quern.util.PrivatePaths;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Short-circuit reads: a DataNode's UNIX domain socket on which readers on its host stream
 * replicas without RPC, serialization or record tags ({@link ShortCircuitWire}). Block files
 * stay the DataNode's (0600 in 0700 directories): this server opens them and sends their bytes
 * with {@code sendfile}, so a reader running as another user never opens them itself. Anyone on
 * the host may connect; what lets a request in is a one-time secret from
 * {@link #grant}, which the DataNode hands out over its authenticated RPC after checking the
 * caller's block access token. The socket's directory must be this user's and not writable by
 * others, so nobody can put another socket in its place.
 *
 * <p>At most {@code maxStreams} connections are served at once (others are refused at once and
 * read over RPC); a connection that sends no whole request within {@link #REQUEST_TIMEOUT_MS},
 * or takes no bytes for {@link #STALL_TIMEOUT_MS}, is closed.
 */
final class LocalReadServer implements Closeable {
  private static final Logger LOG = LogManager.getLogger(LocalReadServer.class);
  static final long REQUEST_TIMEOUT_MS = 5_000;
  static final long STALL_TIMEOUT_MS = 60_000;
  /** Bytes per sendfile call; the stall deadline moves on after each. */
  private static final long SEND_STEP = 4 << 20;
  /** Asked for; the kernel caps it at net.core.wmem_max. */
  private static final int SEND_BUFFER = 1 << 20;

  private final Path path;
  private final ServerSocketChannel server;
  private final BlockStore store;
  private final LocalReadGrants grants;
  /** Streams that may still be opened; a semaphore, taken by the handler that opens one. */
  private final Semaphore streams;
  private final int maxStreams;
  private final LongSupplier clockMs;
  /**
   * Connections being served, with the time (clockMs) by which each must make progress. A
   * concurrent map: its handler adds and removes a connection, the sweeper reads it.
   */
  private final ConcurrentHashMap<SocketChannel, AtomicLong> active = new ConcurrentHashMap<>();
  /** Thread-safe executors; each handler owns its one connection. */
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> daemon(r, "local-read"));
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      r -> daemon(r, "local-read-sweeper"));
  /** The accept loop's thread: owns the server socket's accepts. */
  private final Thread acceptor;
  /** Set once by close(); volatile, read by the acceptor and the handlers to stop. */
  private volatile boolean closed;
  /** Refusals are logged at most once a minute, with a count of those not logged. Atomics, any handler. */
  private final AtomicLong lastRefusalLogMs = new AtomicLong(Long.MIN_VALUE / 2);
  private final AtomicInteger quietRefusals = new AtomicInteger();

  private LocalReadServer(Path path, ServerSocketChannel server, BlockStore store, int maxStreams,
      LongSupplier clockMs) {
    this.path = path;
    this.server = server;
    this.store = store;
    this.maxStreams = maxStreams;
    this.streams = new Semaphore(maxStreams);
    this.clockMs = clockMs;
    this.grants = new LocalReadGrants(clockMs);
    this.acceptor = daemon(this::acceptLoop, "local-read-acceptor");
  }

  /**
   * Binds the socket at {@code path} (its directory made 0755 if missing) and starts serving.
   *
   * @throws IOException with one sentence when the directory is another user's or writable by
   *     others, something other than a socket is in the way, or the socket cannot be bound
   */
  static LocalReadServer start(Path path, BlockStore store, int maxStreams, LongSupplier clockMs) throws IOException {
    if (maxStreams < 1) {
      throw new IOException("dfs.datanode.shortcircuit.streams.max must be at least 1, not " + maxStreams + ".");
    }
    Path dir = path.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
    // Others may not write it: nobody else can put a socket of theirs where readers look for ours.
    PrivatePaths.checkOwned(dir, "the directory of the short-circuit read socket");
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isOther()) {
        throw new IOException(path + " exists and is not a socket; not replacing it with the short-circuit read socket.");
      }
      Files.delete(path); // a socket left by an earlier DataNode on this path
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      // Connecting takes write permission on the socket: readers run as other users (tasks).
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw new IOException("Cannot bind the short-circuit read socket " + path + ": " + e.getMessage() + ".", e);
    }
    LocalReadServer s = new LocalReadServer(path, server, store, maxStreams, clockMs);
    s.acceptor.start();
    s.sweeper.scheduleWithFixedDelay(s::closeStalled, 1, 1, TimeUnit.SECONDS);
    LOG.info("Serving short-circuit reads on {} (at most {} at a time)", path, maxStreams);
    return s;
  }

  Path path() {
    return path;
  }

  /** Leave to read {@code [0, length)} of {@code blockId} once, for a caller whose access was checked. */
  LocalReadGrant grant(long blockId, long length) throws IOException {
    if (closed) {
      throw new IOException("This DataNode is shutting down; read over RPC.");
    }
    if (activeStreams() >= maxStreams) {
      throw busy();
    }
    return new LocalReadGrant(path.toString(), grants.issue(blockId, length), blockId, length,
        LocalReadGrants.LIFETIME_MS);
  }

  private IOException busy() {
    return new IOException("The DataNode is serving " + maxStreams + " short-circuit reads already; read over RPC.");
  }

  int activeStreams() {
    return maxStreams - streams.availablePermits();
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("Accepting on the short-circuit read socket {} failed: {}", path, e.getMessage());
          pauseAfterFailedAccept();
        }
        continue;
      }
      if (!streams.tryAcquire()) {
        // Written at once and small, so it fits the socket's buffer: the acceptor never blocks.
        // A reader that got a grant while one was free; its request may not have come yet, so it
        // may see a reset instead of this sentence. Either way it reads over RPC.
        refuse(c, busy().getMessage());
        closeQuietly(c);
        continue;
      }
      try {
        // Room for a chunk in flight: sendfile runs ahead while the reader verifies the last one.
        c.setOption(java.net.StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
      } catch (IOException | UnsupportedOperationException e) {
        LOG.debug("Keeping the default send buffer of a short-circuit read connection: {}", e.getMessage());
      }
      active.put(c, new AtomicLong(clockMs.getAsLong() + REQUEST_TIMEOUT_MS));
      try {
        handlers.execute(() -> serve(c));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        done(c);
      }
    }
  }

  /** Out of descriptors, say: gives the streams being served a moment to end instead of spinning. */
  private static void pauseAfterFailedAccept() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve(SocketChannel c) {
    boolean answered = false;
    try {
      ByteBuffer req = ByteBuffer.allocate(ShortCircuitWire.REQUEST_BYTES);
      while (req.hasRemaining()) {
        if (c.read(req) < 0) {
          throw new IOException("The short-circuit read request ended after " + req.position() + " of "
              + ShortCircuitWire.REQUEST_BYTES + " bytes.");
        }
      }
      ShortCircuitWire.Request r = ShortCircuitWire.parseRequest(req.flip());
      LocalReadGrants.Grant g = grants.redeem(r);
      try (BlockStore.OpenReplica replica = store.openFinalized(r.blockId())) {
        if (replica.length() < g.length()) {
          throw new IOException("The replica of blk_" + r.blockId() + " here has " + replica.length()
              + " bytes, fewer than the " + g.length() + " granted.");
        }
        int bpc = replica.bytesPerChecksum();
        long start = r.offset() - r.offset() % bpc;
        long end = Math.min(replica.length(), roundUp(r.offset() + r.length(), bpc));
        ByteBuffer sums = ByteBuffer.allocate(4 * ShortCircuitWire.pieces(start, end, bpc));
        readFully(replica.meta(), sums, 8 + start / bpc * 4, r.blockId());
        writeFully(c, ShortCircuitWire.granted(bpc, start, end, sums.flip()));
        answered = true;
        send(c, replica, start, end);
      }
    } catch (ClosedChannelException e) {
      if (!closed) {
        LOG.debug("Short-circuit read connection on {} closed: no request or no progress in time, or the reader left",
            path);
      }
    } catch (IOException e) {
      if (!answered) {
        refuse(c, e.getMessage());
      } else {
        LOG.debug("Short-circuit read on {} ended early: {}", path, e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("Short-circuit read on {} failed", path, e);
    } finally {
      done(c);
    }
  }

  /** Streams the replica's bytes {@code [start, end)} with sendfile. */
  private void send(SocketChannel c, BlockStore.OpenReplica replica, long start, long end) throws IOException {
    AtomicLong deadline = active.get(c);
    long pos = start;
    while (pos < end) {
      deadline.set(clockMs.getAsLong() + STALL_TIMEOUT_MS);
      long n = replica.data().transferTo(pos, Math.min(SEND_STEP, end - pos), c);
      if (n <= 0 && pos >= replica.data().size()) {
        throw new IOException("The replica of blk_" + replica.blockId() + " was cut short while being read.");
      }
      pos += n;
    }
  }

  private void refuse(SocketChannel c, String sentence) {
    long now = clockMs.getAsLong();
    long last = lastRefusalLogMs.get();
    if (now - last >= 60_000 && lastRefusalLogMs.compareAndSet(last, now)) {
      int quiet = quietRefusals.getAndSet(0);
      LOG.warn("Refused a short-circuit read on {}: {}{}", path, sentence,
          quiet == 0 ? "" : " (" + quiet + " more refusals in the last minute not logged)");
    } else {
      quietRefusals.incrementAndGet();
    }
    try {
      writeFully(c, ShortCircuitWire.refusal(sentence));
    } catch (IOException e) {
      LOG.debug("Could not tell the short-circuit reader why it was refused: {}", e.getMessage());
    }
  }

  private void done(SocketChannel c) {
    if (active.remove(c) != null) {
      streams.release();
    }
    closeQuietly(c);
  }

  /** Closes connections past their deadline; their handler then ends and frees the stream. */
  private void closeStalled() {
    long now = clockMs.getAsLong();
    active.forEach((c, deadline) -> {
      if (deadline.get() < now) {
        closeQuietly(c);
      }
    });
  }

  private static long roundUp(long v, int unit) {
    long r = v % unit;
    return r == 0 ? v : v + unit - r;
  }

  private static void readFully(java.nio.channels.FileChannel f, ByteBuffer b, long pos, long blockId)
      throws IOException {
    while (b.hasRemaining()) {
      int n = f.read(b, pos);
      if (n < 0) {
        throw new IOException("The checksum file of blk_" + blockId + " is shorter than its data.");
      }
      pos += n;
    }
  }

  private static void writeFully(SocketChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      c.write(b);
    }
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("Closing a short-circuit read connection failed: {}", e.getMessage());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Stops accepting, removes the socket and ends the streams being served. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.debug("Removing {} failed: {}", path, e.getMessage());
    }
    for (SocketChannel c : Set.copyOf(active.keySet())) {
      closeQuietly(c);
    }
    sweeper.shutdownNow();
    handlers.shutdownNow();
  }
}
