package io.quern.fs;

import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.LocatedBlocks;
import io.quern.protocol.dfs.ReadChunk;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads a DFS file chunk by chunk (1 MiB per call) from the nearest replica, verifying every
 * checksum. A replica that fails verification is reported to the NameNode and the next replica
 * is tried; an unreachable DataNode is skipped for the rest of the stream. While the caller
 * consumes a chunk, the next ones ({@code dfs.client.read.ahead} chunks) are already being
 * fetched and verified on transfer threads, so the DataNode's disk read, the transfer, the
 * checksum pass and the caller's work overlap. A replica on this host's DataNode is read
 * short-circuit ({@link LocalBlockReader}: one stream per block over the DataNode's local socket,
 * no read-ahead needed) unless {@code dfs.client.read.shortcircuit} is false; any failure there
 * (refused, replica gone, DataNode restarted) sends that block over RPC, and a checksum error is
 * reported and the next replica tried, as for RPC reads. Not thread-safe, except positioned
 * reads, which are synchronized; read-ahead results are only taken under the lock.
 */
final class DfsInputStream extends FSInputStream {
  private static final Logger LOG = LogManager.getLogger(DfsInputStream.class);

  private final DfsClient client;
  private final String path;
  /**
   * Written under this (refresh runs under it after the constructor), always as a whole new
   * immutable value; volatile so that length() may read it without the lock.
   */
  private volatile LocatedBlocks located;
  /** Guarded by this. */
  private final Set<String> deadNodes = new HashSet<>();
  /** Guarded by this. */
  private long pos;
  /** Guarded by this. */
  private byte[] chunk;
  /** Guarded by this. */
  private long chunkStart;
  /** A chunk being fetched ahead, asked for at {@code start} of the file up to {@code end}, from {@code node}. */
  private record ReadAhead(long start, long end, LocatedBlock block, DatanodeRef node, Future<Fetched> chunk) {}

  /** A chunk read ahead and whether its checksums matched (checked on the transfer thread). */
  private record Fetched(ReadChunk chunk, boolean intact) {}

  /** Guarded by this; the futures in it complete on transfer threads. */
  private final Deque<ReadAhead> ahead = new ArrayDeque<>();
  /** Guarded by this. */
  private boolean closed;
  /** The short-circuit stream of the block being read from this host's DataNode, if any. Guarded by this. */
  private LocalBlockReader local;
  /** Whether {@link #chunk} came short-circuit. Guarded by this. */
  private boolean chunkIsLocal;
  /** Bytes of this stream's reads that came short-circuit. Written under this; volatile for getShortCircuitBytesRead, which reads it without. */
  private volatile long shortCircuitBytes;
  /** Blocks whose short-circuit read failed in this stream: read over RPC from then on. Guarded by this. */
  private final Set<Long> localFailed = new HashSet<>();

  DfsInputStream(DfsClient client, String path) throws IOException {
    this.client = client;
    this.path = path;
    refresh();
  }

  private void refresh() throws IOException {
    located = client.namenode().getBlockLocations(client.user, path, 0, Long.MAX_VALUE, client.clientHost);
  }

  @Override
  public long getShortCircuitBytesRead() {
    return shortCircuitBytes;
  }

  @Override
  public long length() {
    return located.fileLength();
  }

  @Override
  public synchronized void seek(long p) throws IOException {
    if (p < 0 || p > length()) {
      throw new EOFException("Cannot seek to " + p + " in " + path + " of " + length() + " bytes.");
    }
    pos = p;
  }

  @Override
  public synchronized long getPos() {
    return pos;
  }

  @Override
  public synchronized int available() {
    return (int) Math.min(Integer.MAX_VALUE, length() - pos);
  }

  @Override
  public synchronized int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("Stream of " + path + " is closed.");
    }
    if (len == 0) {
      return 0;
    }
    if (pos >= length()) {
      return -1;
    }
    if (chunk == null || pos < chunkStart || pos >= chunkStart + chunk.length) {
      fetch();
    }
    int n = (int) Math.min(len, chunkStart + chunk.length - pos);
    System.arraycopy(chunk, (int) (pos - chunkStart), b, off, n);
    pos += n;
    client.readStatistics().read(n, chunkIsLocal);
    if (chunkIsLocal) {
      shortCircuitBytes += n;
    }
    return n;
  }

  private LocatedBlock blockAt(long p) throws IOException {
    for (LocatedBlock lb : located.blocks()) {
      if (p >= lb.offset() && p < lb.offset() + lb.length()) {
        return lb;
      }
    }
    throw new IOException("No block of " + path + " holds offset " + p + ".");
  }

  /** Loads the chunk holding {@code pos}, then keeps the read-ahead full behind it. */
  private void fetch() throws IOException {
    chunkIsLocal = false;
    if (!takeReadAhead()) {
      cancelReadAhead();
      if (!fetchLocally()) {
        fetchFromReplicas();
      }
    }
    if (local == null) {
      readAhead();
    }
  }

  /** The replica of {@code lb} on this host's DataNode when it is to be read short-circuit; null otherwise. */
  private DatanodeRef localReplica(LocatedBlock lb) {
    if (!client.shortCircuit || localFailed.contains(lb.blockId())) {
      return null;
    }
    for (DatanodeRef d : lb.locations()) {
      if (!deadNodes.contains(d.id()) && client.localHosts.isLocal(d.host())) {
        return d;
      }
    }
    return null;
  }

  /**
   * Loads the chunk holding {@code pos} short-circuit, continuing the block's local stream or
   * opening one there; false when the block has no local replica or the read failed (the caller
   * then reads over RPC).
   */
  private boolean fetchLocally() throws IOException {
    LocatedBlock lb = blockAt(pos);
    DatanodeRef dn = localReplica(lb);
    if (dn == null) {
      closeLocal();
      return false;
    }
    long inBlock = pos - lb.offset();
    try {
      if (local == null || local.blockId() != lb.blockId() || local.position() != inBlock) {
        closeLocal();
        local = LocalBlockReader.open(client.datanode(dn), lb, inBlock, client.localReadTimeoutMs);
      }
      ReadChunk c = local.next(client.chunkSize);
      int bad = ChunkChecksums.firstMismatch(c.data(), c.checksums(), c.bytesPerChecksum());
      if (bad >= 0) {
        LOG.warn("Checksum error in blk_{} of {} read short-circuit from {} at block offset {}; reporting it and "
            + "trying another replica", lb.blockId(), path, dn.id(), c.offset() + (long) bad * c.bytesPerChecksum());
        client.reportBadReplica(lb.blockId(), dn, lb.accessToken());
        deadNodes.add(dn.id());
        closeLocal();
        return false;
      }
      chunk = c.data();
      chunkStart = lb.offset() + c.offset();
      chunkIsLocal = true;
      if (local.atEnd()) {
        closeLocal();
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.info("Short-circuit read of blk_{} of {} from {} failed ({}); reading it over RPC", lb.blockId(), path,
          dn.id(), e.getMessage());
      localFailed.add(lb.blockId());
      closeLocal();
      return false;
    }
  }

  private void closeLocal() {
    if (local != null) {
      try {
        local.close();
      } catch (IOException e) {
        LOG.debug("Closing the short-circuit read of blk_{} failed: {}", local.blockId(), e.getMessage());
      }
      local = null;
    }
  }

  /** Uses the oldest read-ahead when it holds {@code pos} and arrived intact; false otherwise. */
  private boolean takeReadAhead() {
    ReadAhead a = ahead.pollFirst();
    if (a == null) {
      return false;
    }
    if (a.start() != pos) {
      a.chunk().cancel(true);
      return false;
    }
    try {
      Fetched f = a.chunk().get();
      if (!f.intact()) {
        // Let the normal path re-read it, report the replica and fail over.
        return false;
      }
      ReadChunk c = f.chunk();
      chunk = c.data();
      chunkStart = a.block().offset() + c.offset();
      return chunkStart <= pos && pos < chunkStart + chunk.length;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      LOG.debug("Read-ahead of blk_{} of {} from {} failed ({}); reading it again", a.block().blockId(), path,
          a.node().id(), e.getCause().getMessage());
      return false;
    }
  }

  private void cancelReadAhead() {
    for (ReadAhead a : ahead) {
      a.chunk().cancel(true);
    }
    ahead.clear();
  }

  /** Starts fetching the chunks after the current one (or after the last one being fetched). */
  private void readAhead() throws IOException {
    while (ahead.size() < client.readAhead) {
      long next = ahead.isEmpty() ? chunkStart + chunk.length : ahead.peekLast().end();
      if (next >= length()) {
        return;
      }
      LocatedBlock lb = blockAt(next);
      if (localReplica(lb) != null) {
        return; // read short-circuit when the caller gets there
      }
      DatanodeRef dn = null;
      for (DatanodeRef d : lb.locations()) {
        if (!deadNodes.contains(d.id())) {
          dn = d;
          break;
        }
      }
      if (dn == null) {
        return;
      }
      BlockTransferProtocol node = client.datanode(dn);
      long inBlock = next - lb.offset();
      long end = Math.min(lb.offset() + lb.length(), next + client.chunkSize);
      ahead.addLast(new ReadAhead(next, end, lb, dn, client.transfer(() -> {
        ReadChunk c = node.readChunk(lb.blockId(), inBlock, client.chunkSize, lb.accessToken());
        return new Fetched(c, ChunkChecksums.firstMismatch(c.data(), c.checksums(), c.bytesPerChecksum()) < 0);
      })));
    }
  }

  /**
   * Loads the chunk holding {@code pos}, trying replicas nearest first. When every replica it
   * knows fails, or it knows none, it asks the NameNode again: at once (re-replication may have
   * made others), then while the NameNode is in safe mode (a NameNode just restarted knows no
   * replica before its DataNodes report) every 250 ms up to {@code dfs.client.retry.window},
   * else twice more after 1 and 2 s, as HDFS's readers retry before a block counts as missing.
   */
  private void fetchFromReplicas() throws IOException {
    List<String> errors = new ArrayList<>();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(client.replicaWaitMs);
    int retries = 0;
    boolean waiting = false;
    try {
      while (!fetchFromKnownReplicas(errors)) {
        deadNodes.clear();
        long pauseMs;
        if (retries == 0) {
          pauseMs = 0;
        } else if (System.nanoTime() < deadline
            && client.namenode().setSafeMode(io.quern.protocol.dfs.SafeModeAction.GET)) {
          pauseMs = 250; // not a retry: the NameNode is still hearing from its DataNodes
          retries--;
        } else if (retries <= 2) {
          pauseMs = 1000L * retries;
        } else {
          throw new IOException("Could not read " + path + " at offset " + pos + " from any replica " + errors + ".");
        }
        retries++;
        if (pauseMs > 0) {
          if (!waiting) {
            waiting = true;
            NamenodeWaits.INSTANCE.waiting();
          }
          try {
            Thread.sleep(pauseMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for replicas of " + path);
          }
        }
        refresh();
      }
    } finally {
      if (waiting) {
        NamenodeWaits.INSTANCE.resumed();
      }
    }
  }

  /** True when a replica the stream knows gave the chunk at {@code pos}; failures are added to {@code errors}. */
  private boolean fetchFromKnownReplicas(List<String> errors) throws IOException {
    LocatedBlock lb = blockAt(pos);
    for (DatanodeRef dn : lb.locations()) {
      if (deadNodes.contains(dn.id())) {
        continue;
      }
      long inBlock = pos - lb.offset();
      try {
        ReadChunk c = client.datanode(dn).readChunk(lb.blockId(), inBlock, client.chunkSize, lb.accessToken());
        int bad = ChunkChecksums.firstMismatch(c.data(), c.checksums(), c.bytesPerChecksum());
        if (bad >= 0) {
          LOG.warn("Checksum error in blk_{} of {} on {} at block offset {}; reporting it and trying another replica",
              lb.blockId(), path, dn.id(), c.offset() + (long) bad * c.bytesPerChecksum());
          client.reportBadReplica(lb.blockId(), dn, lb.accessToken());
          deadNodes.add(dn.id());
          errors.add(dn.id() + ": checksum error");
          continue;
        }
        chunk = c.data();
        chunkStart = lb.offset() + c.offset();
        return true;
      } catch (IOException | RuntimeException e) {
        LOG.warn("Reading blk_{} of {} from {} failed ({}); trying another replica", lb.blockId(), path, dn.id(),
            e.getMessage());
        deadNodes.add(dn.id());
        errors.add(dn.id() + ": " + e.getMessage());
      }
    }
    return false;
  }

  @Override
  public synchronized void close() {
    closed = true;
    chunk = null;
    cancelReadAhead();
    closeLocal();
  }
}
