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
 * <p>A checkpoint rolls the log in three steps, so that the namespace lock is held for none of
 * its file work: {@link #createSegment} makes the next segment (header written and fsynced)
 * before the lock; {@link #switchTo}, under it, only swaps the segment in memory; the old
 * segment's last edits are written and fsynced by the next sync turn, before anything of the new
 * segment, so the files on disk always hold a prefix of the log and no edit is acknowledged
 * before it is durable.
 *
 * <p>The file starts with the 4-byte format magic {@code QEL2} (format 2: permissions).
 * Record: int payload length, int CRC32C of the payload, payload = long txid, op code, fields.
 */
final class EditLog implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(EditLog.class);

  static final int MAGIC = 0x51454c32; // "QEL2"
  /** The segment edits go to; swapped by {@link #switchTo}. Guarded by this. */
  private Path file;
  /** The live segment's channel. Guarded by this; written to only by the thread holding the sync turn. */
  private FileChannel channel;
  /**
   * The segment a {@link #switchTo} ended, with its edits not yet handed to a sync turn; null when
   * there is none. The next turn writes them, fsyncs and closes it. Guarded by this.
   */
  private Retired retired;
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

  /** A new segment, its header on disk, not yet taking edits: what {@link #switchTo} goes on in. */
  record Segment(Path file, FileChannel channel) implements AutoCloseable {
    /** For a segment the log never took. */
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** A segment {@link #switchTo} ended, and its edits no sync turn has taken yet. */
  private record Retired(Path file, FileChannel channel, byte[] tail) {}

  /**
   * Creates (or empties) {@code file} as a new segment and fsyncs its header: the slow part of a
   * roll, done before the namespace lock is taken. The caller makes the directory entry durable.
   */
  static Segment createSegment(Path file) throws IOException {
    FileChannel ch = io.quern.util.PrivatePaths.openForWrite(file);
    try {
      ch.truncate(0);
      writeMagic(ch);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new Segment(file, ch);
  }

  /** Returns once every edit up to {@code txid} is on disk. */
  void sync(long txid) throws IOException {
    takeTurn(txid, false);
  }

  /**
   * Returns once every edit up to {@code txid} is on disk and the segment a {@link #switchTo}
   * ended is closed: a checkpoint calls it after the switch, before it replaces the old segment.
   */
  void syncRolled(long txid) throws IOException {
    takeTurn(txid, true);
  }

  private void takeTurn(long txid, boolean untilRetired) throws IOException {
    byte[] toWrite;
    long target;
    FileChannel ch;
    Path segment;
    Retired old;
    synchronized (this) {
      while (true) {
        if (failure != null) {
          throw new IOException("The edit log " + file + " failed earlier: " + failure.getMessage(), failure);
        }
        if (syncedTxid >= txid && (!untilRetired || retired == null)) {
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
      old = retired;
      retired = null;
      toWrite = buffer.toByteArray();
      buffer = new ByteArrayOutputStream();
      target = lastTxid;
      ch = channel;
      segment = file;
    }
    IOException error = null;
    long started = System.nanoTime();
    if (old != null) {
      // The ended segment first: the new one's edits follow its last ones, and a crash between
      // the two fsyncs must leave the log a prefix, with no gap for replay to skip.
      error = finish(old);
      if (error != null) {
        segment = old.file();
      }
    }
    if (error == null && toWrite.length > 0) {
      try {
        writeFully(ch, toWrite);
        ch.force(false);
      } catch (IOException e) {
        // A log we cannot write is fatal for durability: every later sync fails too.
        LOG.fatal("Writing the edit log {} failed; no further change can be acknowledged", segment, e);
        error = e;
      }
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
        if (ch == channel) {
          // Else a switch ended ch while this turn wrote it: the live segment's count started afresh.
          segmentBytes += toWrite.length;
        }
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
    long buffered = buffer.size() + (retired == null ? 0 : retired.tail().length);
    return new Status(file.toString(), lastTxid, syncedTxid, segmentBytes, buffered, syncs, syncedEdits,
        lastSyncMillis, lastSyncMicros, maxSyncMicros, totalSyncMicros, failure == null ? null : failure.getMessage());
  }

  /**
   * Ends the live segment and goes on in {@code next} (from {@link #createSegment}): every edit up
   * to the returned txid belongs to the old segment, every later one to the new. Only memory
   * changes here, so a checkpoint switches under the namespace lock (the image it takes then holds
   * exactly the old segment's edits) without waiting for any file work: a sync turn in progress
   * goes on writing the old segment, and the next turn writes its remaining edits, fsyncs and
   * closes it. Fails, leaving {@code next} to the caller, if the log has failed.
   */
  synchronized long switchTo(Segment next) throws IOException {
    if (failure != null) {
      throw new IOException("The edit log " + file + " failed earlier: " + failure.getMessage(), failure);
    }
    if (retired != null) {
      throw new IllegalStateException("The edit log " + retired.file() + " ended by the last roll is not synced yet");
    }
    retired = new Retired(file, channel, buffer.toByteArray());
    buffer = new ByteArrayOutputStream();
    channel = next.channel();
    file = next.file();
    segmentBytes = 4;
    return lastTxid;
  }

  /** Writes an ended segment's last edits, fsyncs and closes it; its error, or null. Holding the sync turn. */
  private static IOException finish(Retired old) {
    IOException error = null;
    try {
      writeFully(old.channel(), old.tail());
      old.channel().force(false);
    } catch (IOException e) {
      LOG.fatal("Writing the end of the edit log {} failed; no further change can be acknowledged", old.file(), e);
      error = e;
    }
    try {
      old.channel().close();
    } catch (IOException e) {
      LOG.warn("Closing the ended edit log {} failed", old.file(), e);
    }
    return error;
  }

  private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    while (bb.hasRemaining()) {
      ch.write(bb);
    }
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
      syncRolled(lastTxid());
    } catch (IOException e) {
      LOG.error("Final sync of edit log {} failed; unsynced edits were never acknowledged", segment(), e);
    }
    try {
      synchronized (this) {
        if (retired != null) {
          // Only when the log failed before a turn took it: its last edits were never acknowledged.
          retired.channel().close();
        }
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
