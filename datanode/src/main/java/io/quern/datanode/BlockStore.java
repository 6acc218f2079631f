package io.quern.datanode;

import io.quern.fs.ChunkChecksums;
import io.quern.protocol.dfs.ChecksumMismatchException;
import io.quern.protocol.dfs.ReadChunk;
import io.quern.protocol.dfs.ReplicaNotFoundException;
import io.quern.protocol.dfs.ReplicaReport;
import io.quern.util.PrivatePaths;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Replicas on local disks. Each data dir has {@code rbw/} for replicas being written and
 * {@code current/} for finalized ones; a replica is {@code blk_<id>} plus {@code blk_<id>.meta}
 * (int bytes-per-checksum, then one int CRC32C per piece). Finalizing fsyncs, renames into
 * {@code current/} and fsyncs that directory, so after a machine crash a replica whose
 * finalize returned is whole and finalized, and any other is discarded. With sync on finalize
 * off ({@code dfs.datanode.synconclose=false}, as HDFS by default) that holds for a crash of
 * the DataNode process only.
 *
 * <p>Thread-safety: replicas live in a concurrent map; the operations on one replica
 * synchronize on its {@link Replica} object, so writes to different blocks run in parallel.
 * A writer keeps several chunks of a block in flight, and RMI may deliver them in any order, so
 * a write waits (on the replica's monitor, bounded) until the chunks before it have been written.
 *
 * <p>BlockStore is the one owner of the replica table; its helpers hold none of it: {@link
 * DataDirRecovery} lists what a directory holds at start, {@link ReplicaMetaFile} knows the
 * checksum file's layout, {@link ReplicaReader} reads finalized files outside the monitor, and
 * {@link FlushBehind} runs the background flushes on its own thread.
 */
public final class BlockStore {
  private static final Logger LOG = LogManager.getLogger(BlockStore.class);

  private final Volumes volumes;
  /** Block id to replica. A concurrent map; each replica's fields are guarded by the replica ({@link Replica}). */
  private final Map<Long, Replica> replicas = new ConcurrentHashMap<>();
  private final long orderWaitMs;
  private final boolean syncOnFinalize;
  /** Flushes replicas being written every {@link #FLUSH_BEHIND} bytes; null without sync on finalize. */
  private final FlushBehind flusher;
  static final long FLUSH_BEHIND = 8 << 20;

  /**
   * @param reserved bytes of each disk kept free for other uses
   * @param capacityLimit if positive, the most bytes of replicas this store holds (a quota)
   */
  public BlockStore(List<Path> dirs, long reserved, long capacityLimit) throws IOException {
    this(dirs, reserved, capacityLimit, 30_000);
  }

  /** @param orderWaitMs how long a chunk that arrived early waits for the ones before it */
  public BlockStore(List<Path> dirs, long reserved, long capacityLimit, long orderWaitMs) throws IOException {
    this(dirs, reserved, capacityLimit, orderWaitMs, true);
  }

  /**
   * @param syncOnFinalize whether finalizing forces the replica and its directory entry to disk
   *     ({@code dfs.datanode.synconclose}); without it a finalized replica survives a DataNode
   *     process crash (the data is in the OS page cache) but not a machine crash
   */
  public BlockStore(List<Path> dirs, long reserved, long capacityLimit, long orderWaitMs, boolean syncOnFinalize)
      throws IOException {
    this.syncOnFinalize = syncOnFinalize;
    this.flusher = syncOnFinalize ? new FlushBehind() : null;
    this.volumes = new Volumes(dirs, reserved, capacityLimit, this::used);
    this.orderWaitMs = orderWaitMs;
    for (Path d : dirs) {
      for (Replica r : DataDirRecovery.recover(d)) {
        replicas.put(r.id, r);
      }
    }
  }

  public List<ReplicaReport> finalizedReplicas() {
    List<ReplicaReport> out = new ArrayList<>();
    for (Replica r : replicas.values()) {
      synchronized (r) {
        if (r.finalized) {
          out.add(new ReplicaReport(r.id, r.length));
        }
      }
    }
    return out;
  }

  public List<Long> finalizedIds() {
    return finalizedReplicas().stream().map(ReplicaReport::blockId).toList();
  }

  // ---- writing

  /**
   * Appends a verified chunk to a replica being written; offset 0 creates it. A chunk a finalized
   * replica already holds (the writer resends from the last length its whole pipeline
   * acknowledged, and this node had finalized the block with its last chunk) is taken again
   * without writing; other bytes for a finalized replica are refused.
   */
  public void write(long blockId, long offset, byte[] data, long[] checksums, int bpc) throws IOException {
    if (offset % bpc != 0) {
      throw new IOException("Write to blk_" + blockId + " at offset " + offset + " is not aligned to " + bpc + " bytes.");
    }
    int bad = ChunkChecksums.firstMismatch(data, checksums, bpc);
    if (bad >= 0) {
      ChecksumMismatchException e = new ChecksumMismatchException("Data for blk_" + blockId + " at offset "
          + (offset + (long) bad * bpc) + " arrived corrupt.");
      Replica r = offset == 0 ? null : replicas.get(blockId);
      if (r != null) {
        synchronized (r) {
          r.failure = e;
          r.notifyAll();
        }
      }
      throw e;
    }
    if (holdsFinalized(blockId, offset, data.length, checksums, bpc, false)) {
      return;
    }
    Replica r = offset == 0 ? create(blockId, data.length, bpc) : replicas.get(blockId);
    if (r == null) {
      throw new ReplicaNotFoundException("No replica of blk_" + blockId + " is being written here.");
    }
    synchronized (r) {
      awaitTurn(r, offset);
      try {
        volumes.ensureRoom(r.dir, data.length);
        try (FileChannel d = FileChannel.open(r.data(), StandardOpenOption.WRITE);
             FileChannel m = FileChannel.open(r.meta(), StandardOpenOption.WRITE)) {
          ReplicaMetaFile.writeChunk(d, m, data, checksums, offset, bpc);
        }
      } catch (IOException e) {
        r.failure = e;
        throw e;
      } finally {
        r.notifyAll();
      }
      r.length = offset + data.length;
      if (flusher != null && r.length - r.flushStarted >= FLUSH_BEHIND) {
        r.flushStarted = r.length;
        flusher.flushLater(r.data());
      }
    }
  }

  /**
   * Writes the block's last chunk (at offset 0, the whole block) once the chunks before it are
   * written, and finalizes the replica. A repeat after a lost ack (the writer resends to the
   * survivors of a failed pipeline) finds the replica finalized with the same length and
   * checksums and succeeds again without writing.
   */
  public ReplicaReport writeLast(long blockId, long offset, byte[] data, long[] checksums, int bpc) throws IOException {
    long end = offset + data.length;
    if (holdsFinalized(blockId, offset, data.length, checksums, bpc, true)) {
      return new ReplicaReport(blockId, end);
    }
    write(blockId, offset, data, checksums, bpc);
    return finalizeReplica(blockId, end);
  }

  /**
   * Whether a finalized replica of the block holds these checksums at {@code offset} (and ends
   * right after them, when {@code ending}); false when there is no finalized replica.
   */
  private boolean holdsFinalized(long blockId, long offset, int length, long[] checksums, int bpc, boolean ending)
      throws IOException {
    Replica old = replicas.get(blockId);
    if (old == null) {
      return false;
    }
    synchronized (old) {
      long end = offset + length;
      return old.finalized && (ending ? old.length == end : old.length >= end)
          && offset % bpc == 0 && ReplicaMetaFile.holds(old.meta(), offset, checksums, bpc);
    }
  }

  /** Replica's monitor held. Waits until the chunks before {@code offset} are written. */
  private void awaitTurn(Replica r, long offset) throws IOException {
    long deadline = System.nanoTime() + orderWaitMs * 1_000_000;
    while (!r.finalized && r.failure == null && r.length < offset) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      try {
        r.wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted waiting to write blk_" + r.id + " at offset " + offset + ".");
      }
    }
    if (r.finalized) {
      throw new IOException("Replica of blk_" + r.id + " is already finalized.");
    }
    if (r.failure != null) {
      throw new IOException("An earlier write to blk_" + r.id + " failed: " + r.failure.getMessage());
    }
    if (r.length != offset) {
      throw new IOException("Replica of blk_" + r.id + " has " + r.length + " bytes; cannot write at " + offset + ".");
    }
  }

  private Replica create(long blockId, int firstChunk, int bpc) throws IOException {
    Path dir = volumes.choose(firstChunk);
    Replica r = new Replica(blockId, dir, false, 0);
    Replica old = replicas.putIfAbsent(blockId, r);
    if (old != null) {
      synchronized (old) {
        if (old.finalized) {
          throw new IOException("A finalized replica of blk_" + blockId + " exists already.");
        }
        // A pipeline being rebuilt restarts the block: start over.
        old.length = 0;
        old.flushStarted = 0;
        old.failure = null;
        Files.write(old.meta(), ReplicaMetaFile.header(bpc));
        try (FileChannel d = FileChannel.open(old.data(), StandardOpenOption.WRITE)) {
          d.truncate(0);
        }
        return old;
      }
    }
    // 0600 from the first moment: a task on this host must not read other users' blocks.
    PrivatePaths.replaceFile(r.data(), new byte[0]);
    PrivatePaths.replaceFile(r.meta(), ReplicaMetaFile.header(bpc));
    return r;
  }

  /**
   * Pipeline recovery: cuts a replica being written back to {@code length}. A replica the block's
   * last chunk already finalized here keeps its bytes: the writer resends the same chunks from
   * {@code length}, which {@link #write} and {@link #writeLast} take again without writing.
   */
  public void truncate(long blockId, long length) throws IOException {
    Replica r = replicas.get(blockId);
    if (r == null) {
      throw new ReplicaNotFoundException("No replica of blk_" + blockId + " here.");
    }
    synchronized (r) {
      if (r.finalized && length <= r.length) {
        return;
      }
      if (r.finalized || length > r.length) {
        throw new IOException("Cannot cut replica of blk_" + blockId + " (" + r.length + " bytes"
            + (r.finalized ? ", finalized" : "") + ") to " + length + " bytes.");
      }
      int bpc = ReplicaMetaFile.readBytesPerChecksum(r.meta());
      try (FileChannel d = FileChannel.open(r.data(), StandardOpenOption.WRITE);
           FileChannel m = FileChannel.open(r.meta(), StandardOpenOption.WRITE)) {
        d.truncate(length);
        m.truncate(ReplicaMetaFile.lengthFor(length, bpc));
      }
      // The writer resends from here; an earlier local failure does not outlive the cut.
      r.length = length;
      r.flushStarted = Math.min(r.flushStarted, length);
      r.failure = null;
      r.notifyAll();
    }
  }

  /**
   * Makes the replica durable and readable; its length must be {@code length}. Holds the
   * replica's monitor across the fsyncs: only that replica's writer, and a reader or full report
   * that saw it finalized a moment early, wait for them.
   */
  public ReplicaReport finalizeReplica(long blockId, long length) throws IOException {
    Replica r = replicas.get(blockId);
    if (r == null) {
      throw new ReplicaNotFoundException("No replica of blk_" + blockId + " here.");
    }
    synchronized (r) {
      if (r.finalized) {
        return new ReplicaReport(blockId, r.length);
      }
      if (r.length != length) {
        throw new IOException("Replica of blk_" + blockId + " has " + r.length + " bytes, not " + length + ".");
      }
      if (syncOnFinalize) {
        for (Path p : List.of(r.data(), r.meta())) {
          try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            // fdatasync: flushes the data and the size, all a reader after a crash needs.
            c.force(false);
          }
        }
      }
      Path data = r.data();
      Path meta = r.meta();
      r.finalized = true;
      r.notifyAll();
      Files.move(meta, r.meta(), StandardCopyOption.ATOMIC_MOVE);
      Files.move(data, r.data(), StandardCopyOption.ATOMIC_MOVE);
      if (syncOnFinalize) {
        // The renames too: a replica left in rbw/ by a crash is deleted at the next start.
        try (FileChannel d = FileChannel.open(r.data().getParent(), StandardOpenOption.READ)) {
          d.force(true);
        }
      }
      return new ReplicaReport(blockId, length);
    }
  }

  public boolean delete(long blockId) {
    Replica r = replicas.remove(blockId);
    if (r == null) {
      return false;
    }
    synchronized (r) {
      try {
        Files.deleteIfExists(r.data());
        Files.deleteIfExists(r.meta());
      } catch (IOException e) {
        LOG.warn("Deleting replica blk_{} in {} failed; the files stay until the next start", blockId, r.dir, e);
      }
    }
    return true;
  }

  // ---- reading

  public long length(long blockId) throws ReplicaNotFoundException {
    Replica r = finalized(blockId);
    synchronized (r) {
      return r.length;
    }
  }

  /**
   * The replica if it is finalized. Lock-free: {@link Replica#finalized} is volatile and never
   * cleared, so a true seen here stays true; callers take the monitor to read anything more.
   */
  private Replica finalized(long blockId) throws ReplicaNotFoundException {
    Replica r = replicas.get(blockId);
    if (r == null || !r.finalized) {
      throw new ReplicaNotFoundException("No finalized replica of blk_" + blockId + " here.");
    }
    return r;
  }

  /** Data from the checksum piece holding {@code offset}, up to {@code len} bytes past it, with stored checksums. */
  public ReadChunk read(long blockId, long offset, int len) throws IOException {
    Replica r = finalized(blockId);
    Path data;
    Path meta;
    long length;
    synchronized (r) {
      data = r.data();
      meta = r.meta();
      length = r.length;
    }
    return ReplicaReader.read(blockId, data, meta, length, offset, len);
  }

  /**
   * A finalized replica opened for a short-circuit reader: its data and checksum files, open
   * so that a delete or move after this returns does not change what the reader gets.
   */
  public record OpenReplica(long blockId, FileChannel data, FileChannel meta, long length, int bytesPerChecksum)
      implements java.io.Closeable {
    @Override
    public void close() throws IOException {
      try (meta) {
        data.close();
      }
    }
  }

  /**
   * Opens a finalized replica's files for reading, never following a link (a planted link fails
   * the open).
   *
   * @throws ReplicaNotFoundException when there is none here, or its files are gone
   */
  public OpenReplica openFinalized(long blockId) throws IOException {
    Replica r = finalized(blockId);
    Path data;
    Path meta;
    long length;
    synchronized (r) {
      data = r.data();
      meta = r.meta();
      length = r.length;
    }
    return ReplicaReader.open(blockId, data, meta, length);
  }

  /** Re-reads a finalized replica and checks every checksum; false when it is corrupt. */
  public boolean verify(long blockId) throws IOException {
    Replica r = finalized(blockId);
    long length;
    synchronized (r) {
      length = r.length;
    }
    int step = 1 << 20;
    for (long off = 0; off < length; off += step) {
      ReadChunk c = read(blockId, off, step);
      if (ChunkChecksums.firstMismatch(c.data(), c.checksums(), c.bytesPerChecksum()) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The file holding a replica's data, for tests and tools. */
  public File dataFile(long blockId) throws ReplicaNotFoundException {
    return finalized(blockId).data().toFile();
  }

  // ---- space

  /** Approximate: lengths are read without each replica's lock, which is fine for a space estimate. */
  public long used() {
    long n = 0;
    for (Replica r : replicas.values()) {
      n += r.length;
    }
    return n;
  }

  /** The data directories and their room, for the status page. */
  List<Volumes.VolumeStatus> volumes() {
    return volumes.status();
  }

  public long capacity() {
    return volumes.capacity();
  }

  public long remaining() {
    return volumes.remaining();
  }
}
