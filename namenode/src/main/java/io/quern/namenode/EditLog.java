package io.quern.namenode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The append-only edit log with group commit. Callers append under {@link Namespace#lock} (so log
 * order is apply order) and then, after releasing it, {@link #sync} their txid: one thread
 * writes and fsyncs everything buffered so far while the others wait, so concurrent edits
 * share one fsync. This class's monitor is only ever taken after {@link Namespace#lock}, never
 * the other way, so the two cannot deadlock.
 *
 * <p>The file starts with the 4-byte format magic {@code QEL2} (format 2: permissions).
 * Record: int payload length, int CRC32C of the payload, payload = long txid, op code, fields.
 */
final class EditLog implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(EditLog.class);

  static final int MAGIC = 0x51454c32; // "QEL2"
  /** The segment edits go to; swapped by {@link #roll} while it holds the sync turn. Guarded by this. */
  private Path file;
  /** The live segment's channel. Guarded by this; written to only by the thread holding the sync turn. */
  private FileChannel channel;
  /** Edits appended and not yet handed to a sync turn. Guarded by this. */
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  /** Guarded by this. */
  private long lastTxid;
  /** The last edit on disk. Guarded by this. */
  private long syncedTxid;
  /** Whether a thread holds the sync turn (writes and fsyncs with the monitor released). Guarded by this. */
  private boolean syncing;
  /** Why the log stopped taking edits; null while it works. Guarded by this. */
  private IOException failure;
  /** Bytes of the live segment on disk (its header and every record written so far). Guarded by this. */
  private long segmentBytes;
  // What the status page shows of the group commit. Guarded by this.
  private long syncs;
  private long syncedEdits;
  private long lastSyncMillis;
  private long lastSyncMicros;
  private long maxSyncMicros;
  private long totalSyncMicros;

  /** Opens the log for appending after {@link #replay} cut off any torn tail. */
  EditLog(Path file, long lastTxid) throws IOException {
    this.file = file;
    this.channel = io.quern.util.PrivatePaths.openForWrite(file);
    if (channel.size() == 0) {
      writeMagic(channel);
    }
    channel.position(channel.size());
    this.segmentBytes = channel.size();
    this.lastTxid = lastTxid;
    this.syncedTxid = lastTxid;
  }

  synchronized long append(EditOp op) {
    long txid = ++lastTxid;
    try {
      ByteArrayOutputStream payload = new ByteArrayOutputStream(64);
      DataOutputStream d = new DataOutputStream(payload);
      d.writeLong(txid);
      d.writeByte(op.code());
      op.write(d);
      byte[] p = payload.toByteArray();
      CRC32C crc = new CRC32C();
      crc.update(p);
      DataOutputStream b = new DataOutputStream(buffer);
      b.writeInt(p.length);
      b.writeInt((int) crc.getValue());
      b.write(p);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory serialization failed", e);
    }
    return txid;
  }

  /** Returns once every edit up to {@code txid} is on disk. */
  void sync(long txid) throws IOException {
    byte[] toWrite;
    long target;
    FileChannel ch;
    Path segment;
    synchronized (this) {
      while (true) {
        if (failure != null) {
          throw new IOException("The edit log " + file + " failed earlier: " + failure.getMessage(), failure);
        }
        if (syncedTxid >= txid) {
          return;
        }
        if (!syncing) {
          break;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("Interrupted while waiting for the edit log to sync.");
        }
      }
      syncing = true;
      toWrite = buffer.toByteArray();
      buffer = new ByteArrayOutputStream();
      target = lastTxid;
      ch = channel;
      segment = file;
    }
    IOException error = null;
    long started = System.nanoTime();
    try {
      ByteBuffer bb = ByteBuffer.wrap(toWrite);
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ch.force(false);
    } catch (IOException e) {
      // A log we cannot write is fatal for durability: every later sync fails too.
      LOG.fatal("Writing the edit log {} failed; no further change can be acknowledged", segment, e);
      error = e;
    }
    long micros = (System.nanoTime() - started) / 1000;
    synchronized (this) {
      syncing = false;
      if (error != null) {
        failure = error;
      } else {
        syncs++;
        syncedEdits += target - syncedTxid;
        lastSyncMillis = System.currentTimeMillis();
        lastSyncMicros = micros;
        maxSyncMicros = Math.max(maxSyncMicros, micros);
        totalSyncMicros += micros;
        // A roll waits for the turn this sync held, so ch is still the live segment.
        segmentBytes += toWrite.length;
        syncedTxid = target;
      }
      notifyAll();
    }
    if (error != null) {
      throw new IOException("Cannot write the edit log " + segment + ": " + error.getMessage(), error);
    }
  }

  synchronized long lastTxid() {
    return lastTxid;
  }

  /**
   * The log as the status page shows it: the live segment, how far it is written and synced, and
   * how the group commit fares (syncs, edits per sync, how long an fsync takes).
   *
   * @param segment the live segment's file
   * @param lastTxid the last edit appended; {@code syncedTxid} the last one on disk
   * @param bufferedBytes appended, not yet written
   * @param failure why the log stopped taking edits, or null while it works
   */
  record Status(String segment, long lastTxid, long syncedTxid, long segmentBytes, long bufferedBytes, long syncs,
      long syncedEdits, long lastSyncMillis, long lastSyncMicros, long maxSyncMicros, long totalSyncMicros,
      String failure) {}

  /** Takes only this log's monitor, which no fsync holds: a page may ask while edits are written. */
  synchronized Status status() {
    return new Status(file.toString(), lastTxid, syncedTxid, segmentBytes, buffer.size(), syncs, syncedEdits,
        lastSyncMillis, lastSyncMicros, maxSyncMicros, totalSyncMicros, failure == null ? null : failure.getMessage());
  }

  /**
   * Ends this segment and goes on in a new one, {@code next}: every edit up to the returned txid
   * is then on disk in the old file, every later one goes to the new file. A checkpoint rolls
   * under the namespace lock (so the image it takes holds exactly the edits of the old segment)
   * and writes the image after it has let go of the lock.
   */
  long roll(Path next) throws IOException {
    byte[] toWrite;
    long target;
    FileChannel old;
    synchronized (this) {
      while (syncing) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("Interrupted while waiting to roll the edit log.");
        }
      }
      if (failure != null) {
        throw new IOException("The edit log " + file + " failed earlier: " + failure.getMessage(), failure);
      }
      syncing = true;
      toWrite = buffer.toByteArray();
      buffer = new ByteArrayOutputStream();
      target = lastTxid;
      old = channel;
    }
    FileChannel fresh = null;
    IOException error = null;
    try {
      ByteBuffer bb = ByteBuffer.wrap(toWrite);
      while (bb.hasRemaining()) {
        old.write(bb);
      }
      old.force(false);
      fresh = io.quern.util.PrivatePaths.openForWrite(next);
      fresh.truncate(0);
      writeMagic(fresh);
    } catch (IOException e) {
      error = e;
    }
    synchronized (this) {
      syncing = false;
      if (error == null) {
        channel = fresh;
        file = next;
        segmentBytes = 4;
        syncedTxid = target;
      } else {
        LOG.fatal("Rolling the edit log {} to {} failed; no further change can be acknowledged", file, next, error);
        failure = error;
      }
      notifyAll();
    }
    if (error != null) {
      throw new IOException("Cannot roll the edit log to " + next + ": " + error.getMessage(), error);
    }
    old.close();
    return target;
  }

  /** The segment now has the name {@code to} (a checkpoint renamed it over the old log). */
  synchronized void renamed(Path to) {
    file = to;
  }

  private static void writeMagic(FileChannel ch) throws IOException {
    ByteBuffer m = ByteBuffer.allocate(4).putInt(0, MAGIC);
    while (m.hasRemaining()) {
      ch.write(m);
    }
    ch.force(true);
  }

  @Override
  public void close() {
    try {
      sync(lastTxid());
    } catch (IOException e) {
      LOG.error("Final sync of edit log {} failed; unsynced edits were never acknowledged", segment(), e);
    }
    try {
      synchronized (this) {
        channel.close();
      }
    } catch (IOException e) {
      LOG.warn("Closing edit log {} failed", segment(), e);
    }
  }

  private synchronized Path segment() {
    return file;
  }

  /**
   * Feeds every whole record with txid above {@code afterTxid} to {@code apply}, stops at the
   * first torn or corrupt record, cuts the file there, and returns the last txid read.
   */
  static long replay(Path file, long afterTxid, BiConsumer<Long, EditOp> apply) throws IOException {
    if (!Files.exists(file)) {
      return afterTxid;
    }
    long last = afterTxid;
    long goodEnd = 0;
    long size = Files.size(file);
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      long pos = 0;
      if (size >= 4) {
        int magic = in.readInt();
        if (magic != MAGIC) {
          throw new IOException("The edit log " + file + " is not a Quern edit log of format 2 (magic "
              + Integer.toHexString(magic) + "); restore it or remove it to lose its edits.");
        }
        pos = goodEnd = 4;
      } else if (size > 0) {
        LOG.warn("Edit log {} ends inside its header; treating it as empty", file);
      }
      while (pos >= 4 && pos < size) {
        if (size - pos < 8) {
          LOG.warn("Edit log {} ends with a torn record header at byte {}; ignoring the tail", file, pos);
          break;
        }
        int len = in.readInt();
        int crc = in.readInt();
        if (len <= 8 || len > 1 << 20 || size - pos - 8 < len) {
          LOG.warn("Edit log {} has a torn or invalid record at byte {}; ignoring the tail", file, pos);
          break;
        }
        byte[] p = new byte[len];
        in.readFully(p);
        CRC32C c = new CRC32C();
        c.update(p);
        if ((int) c.getValue() != crc) {
          LOG.warn("Edit log {} has a record with a bad checksum at byte {}; ignoring the tail", file, pos);
          break;
        }
        DataInputStream rec = new DataInputStream(new ByteArrayInputStream(p));
        long txid;
        EditOp op;
        try {
          txid = rec.readLong();
          op = EditOp.read(rec);
          if (rec.available() != 0) {
            throw new IOException(rec.available() + " stray bytes after the op");
          }
        } catch (IOException | RuntimeException e) {
          // The checksum matched, so this is no torn write: refuse to guess rather than cut it off.
          throw new IOException("The edit log " + file + " has an unreadable record at byte " + pos
              + " despite a valid checksum (" + e.getMessage() + "); it was not written by this version.", e);
        }
        pos += 8 + len;
        goodEnd = pos;
        if (txid > last) {
          try {
            apply.accept(txid, op);
          } catch (RuntimeException e) {
            throw new IOException("The edit log " + file + ": edit " + txid + " at byte " + (pos - 8 - len)
                + " does not apply to the namespace: " + e.getMessage(), e);
          }
          last = txid;
        }
      }
    }
    if (goodEnd < size) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(goodEnd);
        ch.force(true);
      }
      LOG.warn("Edit log {} cut from {} to {} bytes; the lost tail was never acknowledged", file, size, goodEnd);
    }
    return last;
  }
}
