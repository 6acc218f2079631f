package io.quern.namenode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NameNode's name directory: the image ({@code fsimage}) and the edit log's segments
 * ({@code edits}, and {@code edits.new} while a checkpoint runs), how they are read into the
 * {@link Namespace} at start and how a checkpoint replaces them. It owns the checkpoint state:
 * the one checkpoint running, whether a rolled segment is live, the image's txid and the last
 * checkpoint run. It is apart from {@link FsNamesystem}'s operations because it is the only code
 * that writes files besides the edit log's appends, and a checkpoint's file work must run with
 * the namespace lock released: under the lock only the log switches to its next segment (made
 * before the lock) and the image is serialized.
 */
final class NameDirectory {
  private static final Logger LOG = LogManager.getLogger(NameDirectory.class);

  private static final String IMAGE = "fsimage";
  private static final String EDITS = "edits";
  /** The new segment of a checkpoint in progress; renamed over {@link #EDITS} once the image is written. */
  private static final String EDITS_ROLLED = "edits.new";

  /** Makes a new edit segment with its header on disk: {@link EditLog#createSegment}, or a test's slower one. */
  @FunctionalInterface
  interface SegmentMaker {
    EditLog.Segment create(Path file) throws IOException;
  }

  private final Namespace ns;
  private final Path dir;
  private final SegmentMaker segments;
  /**
   * Held by the one checkpoint running, across its file writes and fsyncs (only the next
   * checkpoint waits on it); taken before {@link Namespace#lock}, never after.
   */
  private final Object checkpointing = new Object();
  /** Whether the live edit segment is {@link #EDITS_ROLLED} (a checkpoint rolled and failed after); guarded by checkpointing. */
  private boolean rolledSegmentLive;
  /** Last txid in the image. Written by load and by the checkpoint holding checkpointing; volatile, read without either. */
  private volatile long checkpointTxid;
  /** The last checkpoint this NameNode ran, for the status page; null before the first. Written holding checkpointing; volatile, read without it. */
  private volatile CheckpointRun lastCheckpoint;

  NameDirectory(Namespace ns, Path dir) {
    this(ns, dir, EditLog::createSegment);
  }

  NameDirectory(Namespace ns, Path dir, SegmentMaker segments) {
    this.ns = ns;
    this.dir = dir;
    this.segments = segments;
  }

  /** Makes the directory, or checks that an existing one is the NameNode's alone. Before {@link #load}, lock not held. */
  void prepare() {
    io.quern.util.PrivatePaths.privateDir(dir, "the NameNode's name directory");
  }

  /**
   * Loads the image into the namespace, replays the edit log after it, finishes a checkpoint cut
   * short, and opens the log for appending as the namespace's {@link Namespace#editLog}. Namespace
   * lock held. Returns the last txid.
   */
  long load() throws IOException {
    if (!ns.lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("The name directory loads under the namespace lock");
    }
    FsImage.Loaded img = FsImage.load(dir.resolve(IMAGE));
    long txid = 0;
    ns.dir = new FsDirectory(ns.clock.getAsLong(), ns.policy.rootPerm());
    if (img != null) {
      ns.dir = img.dir();
      txid = img.txid();
      checkpointTxid = txid;
      ns.nextBlockId = img.nextBlockId();
      List<INodeFile> files = new ArrayList<>();
      FsDirectory.collectFiles(ns.dir.root, files);
      for (INodeFile f : files) {
        f.blocks.forEach(ns.blocks::addBlock);
        if (f.underConstruction()) {
          ns.leases.add(f.clientName, f, ns.clock.getAsLong());
        }
      }
    }
    BiConsumer<Long, EditOp> replayed = (id, op) -> {
      try {
        ns.apply(op);
      } catch (IOException e) {
        throw new IllegalStateException("Edit " + id + " (" + op + ") does not apply: " + e.getMessage(), e);
      }
    };
    long last = EditLog.replay(dir.resolve(EDITS), txid, replayed);
    if (Files.exists(dir.resolve(EDITS_ROLLED))) {
      // A checkpoint was cut short after rolling the log: its new segment holds the latest edits.
      last = EditLog.replay(dir.resolve(EDITS_ROLLED), last, replayed);
      LOG.info("Finishing a checkpoint cut short: image at txid {}", last);
      FsImage.write(dir.resolve(IMAGE), FsImage.encode(ns.dir, last, ns.nextBlockId));
      // Every edit of both segments is in the image now; a crash before this line replays them again.
      io.quern.util.PrivatePaths.replaceFile(dir.resolve(EDITS), new byte[0]);
      Files.delete(dir.resolve(EDITS_ROLLED));
      FsImage.syncDirectory(dir);
      checkpointTxid = last;
    }
    ns.editLog = new EditLog(dir.resolve(EDITS), last);
    return last;
  }

  /** Edits logged since the last checkpoint (or start), to checkpoint early when the log grows. */
  long editsSinceCheckpoint() {
    return ns.editLog.lastTxid() - checkpointTxid;
  }

  /**
   * Writes an image of the current state and starts the edit log afresh. Under the lock only the
   * edit log rolls to a new segment and the namespace is serialized in memory; the image is
   * written and the old segment dropped after. A crash at any point leaves an image and the
   * segments with every edit after it: {@link #load} replays both and finishes the checkpoint.
   */
  void checkpoint() throws IOException {
    synchronized (checkpointing) {
      long started = ns.clock.getAsLong();
      try {
        writeCheckpoint();
        lastCheckpoint = new CheckpointRun(started, ns.clock.getAsLong() - started, checkpointTxid, null);
      } catch (IOException | RuntimeException e) {
        lastCheckpoint = new CheckpointRun(started, ns.clock.getAsLong() - started, checkpointTxid, e.getMessage());
        throw e;
      }
    }
  }

  /** The checkpoint's steps; the checkpointing monitor held. */
  private void writeCheckpoint() throws IOException {
    // A checkpoint that could not write its image left its new segment live, holding every edit
    // after the old one: this one writes the image and renames that segment; rolling again would
    // empty the live segment.
    EditLog.Segment next = rolledSegmentLive ? null : nextSegment();
    boolean switched = false;
    long txid;
    byte[] image;
    try {
      ns.lock.lock();
      try {
        // Only the in-memory switch: the old segment's last edits are written by the sync below.
        txid = next == null ? ns.editLog.lastTxid() : ns.editLog.switchTo(next);
        switched = true;
        rolledSegmentLive = true;
        image = FsImage.encode(ns.dir, txid, ns.nextBlockId);
      } finally {
        ns.lock.unlock();
      }
    } finally {
      if (next != null && !switched) {
        next.close();
      }
    }
    ns.editLog.syncRolled(txid);
    finishCheckpoint(image);
    rolledSegmentLive = false;
    ns.editLog.renamed(dir.resolve(EDITS));
    checkpointTxid = txid;
    LOG.info("Checkpoint written at txid {} in {}", txid, dir);
  }

  /**
   * The segment the log goes on in, made before the namespace lock is taken: its header and its
   * directory entry on disk, so edits acknowledged from it survive a crash. A crash after this
   * leaves an empty {@link #EDITS_ROLLED}, which {@link #load} finishes like any cut-short checkpoint.
   */
  private EditLog.Segment nextSegment() throws IOException {
    EditLog.Segment next = segments.create(dir.resolve(EDITS_ROLLED));
    try {
      FsImage.syncDirectory(dir);
    } catch (IOException e) {
      next.close();
      throw e;
    }
    return next;
  }

  /** Writes the image, then makes the rolled segment the edit log, replacing the one the image holds. */
  private void finishCheckpoint(byte[] image) throws IOException {
    FsImage.write(dir.resolve(IMAGE), image);
    Files.move(dir.resolve(EDITS_ROLLED), dir.resolve(EDITS),
        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    FsImage.syncDirectory(dir);
  }

  /** A checkpoint this NameNode ran: when, how long it took, the txid of the image it wrote, or why it failed. */
  record CheckpointRun(long startedMillis, long durationMillis, long imageTxid, String error) {}

  /** A file of the name directory: its name, size and when it was last written. */
  record NameDirFile(String name, long bytes, long modifiedMillis) {}

  /**
   * The name directory as the status page shows it: the image (the txid it holds; its file's
   * size and time, which is when it was last saved), the edit log's segments on disk, the live
   * log's state, and the last checkpoint run since start. {@code editLog} is null before {@link #load}.
   */
  record Storage(String nameDir, NameDirFile image, long imageTxid, List<NameDirFile> editSegments,
      EditLog.Status editLog, long editsSinceCheckpoint, CheckpointRun lastCheckpoint) {}

  /**
   * Takes the namespace lock only to find the log, and the log's monitor for its counters (which no
   * fsync holds); the files' sizes and times are read with neither held.
   */
  Storage storage() {
    EditLog log;
    ns.lock.lock();
    try {
      log = ns.editLog;
    } finally {
      ns.lock.unlock();
    }
    // The image's txid first: it never passes the log's last txid read after it.
    long imageTxid = checkpointTxid;
    EditLog.Status st = log == null ? null : log.status();
    List<NameDirFile> segments = new ArrayList<>();
    for (String name : List.of(EDITS, EDITS_ROLLED)) {
      NameDirFile f = nameDirFile(name);
      if (f != null) {
        segments.add(f);
      }
    }
    return new Storage(dir.toString(), nameDirFile(IMAGE), imageTxid, segments, st,
        st == null ? 0 : st.lastTxid() - imageTxid, lastCheckpoint);
  }

  private NameDirFile nameDirFile(String name) {
    try {
      BasicFileAttributes a = Files.readAttributes(dir.resolve(name), BasicFileAttributes.class);
      return new NameDirFile(name, a.size(), a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      // Not there (no image before the first checkpoint; no rolled segment but during one).
      return null;
    }
  }

  /** Closes the edit log {@link #load} opened, if it did. */
  void close() {
    ns.lock.lock();
    try {
      if (ns.editLog != null) {
        ns.editLog.close();
      }
    } finally {
      ns.lock.unlock();
    }
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
