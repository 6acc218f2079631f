package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint's roll holds the namespace lock only for the in-memory switch: changes go on
 * while the next segment is made and while the old one's last edits are fsynced, none is
 * answered before it is on disk, and a restart loads each answered change exactly once.
 */
class EditLogRollTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void aChangeWhileTheNextSegmentIsMadeIsAnsweredWithoutWaitingForIt(@TempDir Path crashCopy) throws Exception {
    CountDownLatch making = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (NamesystemFixture f = new NamesystemFixture(dir)) {
      f.ns.mkdirs("/before", "tester");
      // The checkpoint's thread stops inside the slow step, with the new segment's header on disk.
      f.segments = file -> {
        EditLog.Segment s = EditLog.createSegment(file);
        making.countDown();
        await(release);
        return s;
      };
      f.restart();
      try {
        Future<?> checkpoint = pool.submit(() -> {
          f.ns.checkpoint();
          return null;
        });
        assertTrue(making.await(LONG.toSeconds(), TimeUnit.SECONDS), "the checkpoint reached the next segment");
        pool.submit(() -> f.ns.mkdirs("/during", "tester")).get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertFalse(checkpoint.isDone(), "the change was answered while the checkpoint still made its segment");

        // A crash now: the old segment holds every answered edit, the new one only its header.
        for (String name : List.of("edits", "edits.new")) {
          Files.copy(dir.resolve(name), crashCopy.resolve(name));
        }
        assertFalse(Files.exists(dir.resolve("fsimage")), "no image yet: the edits alone hold the namespace");
        try (NamesystemFixture crashed = new NamesystemFixture(crashCopy)) {
          assertNotNull(crashed.ns.getFileInfo(null, "/before"));
          assertNotNull(crashed.ns.getFileInfo(null, "/during"));
          assertFalse(Files.exists(crashCopy.resolve("edits.new")), "the start finished the cut-short checkpoint");
        }

        release.countDown();
        checkpoint.get(LONG.toSeconds(), TimeUnit.SECONDS);
        f.ns.mkdirs("/after", "tester");
        String before = f.ns.describe();
        f.restart();
        assertEquals(before, f.ns.describe());
        for (String p : List.of("/before", "/during", "/after")) {
          assertNotNull(f.ns.getFileInfo(null, p), p);
        }
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void theSwitchDoesNotWaitForAnFsyncInProgressAndNoChangeIsAnsweredBeforeItIsOnDisk() throws Exception {
    List<GatedChannel> made = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch forcing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (NamesystemFixture f = new NamesystemFixture(dir)) {
      f.segments = file -> {
        EditLog.Segment s = EditLog.createSegment(file);
        GatedChannel g = new GatedChannel(s.channel());
        made.add(g);
        return new EditLog.Segment(file, g);
      };
      f.restart();
      f.ns.mkdirs("/before", "tester");
      f.ns.checkpoint();
      // The live segment is now the gated one: its next fsync hangs until released.
      made.get(0).holdForces(forcing, release);
      try {
        // The body runs on its own thread: were the switch to wait for the fsync under the
        // namespace lock, the status read below would wait with it, and this fails, not hangs.
        assertTimeoutPreemptively(LONG, () -> {
          Future<Boolean> a = pool.submit(() -> f.ns.mkdirs("/a", "tester"));
          assertTrue(forcing.await(LONG.toSeconds(), TimeUnit.SECONDS), "the sync turn of /a is in its fsync");
          Future<?> checkpoint = pool.submit(() -> {
            f.ns.checkpoint();
            return null;
          });
          Wait.until("the log goes on in the next segment while the old one's fsync hangs", LONG,
              () -> f.ns.storage().editLog().segment().endsWith("edits.new"));
          long switchedAt = f.ns.storage().editLog().lastTxid();
          Future<Boolean> b = pool.submit(() -> f.ns.mkdirs("/b", "tester"));
          Wait.until("/b applied and logged in the new segment", LONG,
              () -> f.ns.storage().editLog().lastTxid() > switchedAt);
          assertNotNull(f.ns.getFileInfo(null, "/b"), "reads see /b at once");
          // Neither edit is on disk yet: neither change may be answered, nor the checkpoint end.
          assertFalse(a.isDone(), "/a answered before its fsync ended");
          assertFalse(b.isDone(), "/b answered before the old segment's fsync ended");
          assertFalse(checkpoint.isDone(), "the checkpoint ended before the old segment was on disk");
          release.countDown();
          assertTrue(a.get(LONG.toSeconds(), TimeUnit.SECONDS));
          assertTrue(b.get(LONG.toSeconds(), TimeUnit.SECONDS));
          checkpoint.get(LONG.toSeconds(), TimeUnit.SECONDS);
        });
      } finally {
        release.countDown();
      }
      f.ns.mkdirs("/after", "tester");
      String before = f.ns.describe();
      f.restart();
      assertEquals(before, f.ns.describe());
      for (String p : List.of("/before", "/a", "/b", "/after")) {
        assertNotNull(f.ns.getFileInfo(null, p), p);
      }
    }
  }

  @Test
  void renamesAnsweredWhileTheLogRollsAreLoadedExactlyOnce() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(dir)) {
      AtomicBoolean stop = new AtomicBoolean();
      List<String> answered = Collections.synchronizedList(new ArrayList<>());
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int id = w;
        writers.add(pool.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            // A rename applied twice fails (its source is gone), and a lost one leaves the source:
            // either shows at the restart.
            f.ns.mkdirs("/w" + id + "/new" + i, "tester");
            assertTrue(f.ns.rename("tester", "/w" + id + "/new" + i, "/w" + id + "/done" + i));
            answered.add("/w" + id + "/" + i);
          }
          return null;
        }));
      }
      for (int c = 0; c < 15; c++) {
        int seen = answered.size();
        f.ns.checkpoint();
        Wait.until("changes between checkpoints", LONG, () -> answered.size() > seen);
      }
      stop.set(true);
      for (Future<?> w : writers) {
        w.get(LONG.toSeconds(), TimeUnit.SECONDS);
      }
      String before = f.ns.describe();
      long lastTxid = f.ns.storage().editLog().lastTxid();
      f.restart();
      assertEquals(before, f.ns.describe());
      assertEquals(lastTxid, f.ns.storage().editLog().lastTxid(), "the restart replayed every edit, once");
      for (String p : answered) {
        String parent = p.substring(0, p.lastIndexOf('/'));
        String i = p.substring(p.lastIndexOf('/') + 1);
        assertNotNull(f.ns.getFileInfo(null, parent + "/done" + i), p);
        assertNull(f.ns.getFileInfo(null, parent + "/new" + i), p);
      }
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(LONG.toSeconds(), TimeUnit.SECONDS)) {
        throw new IOException("the test never released the segment");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A segment's file channel whose fsync can be made to hang until the test lets it go. */
  private static final class GatedChannel extends FileChannel {
    private final FileChannel file;
    private volatile CountDownLatch forcing;
    private volatile CountDownLatch release;

    GatedChannel(FileChannel file) {
      this.file = file;
    }

    void holdForces(CountDownLatch forcing, CountDownLatch release) {
      this.forcing = forcing;
      this.release = release;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      CountDownLatch r = release;
      if (r != null) {
        forcing.countDown();
        await(r);
      }
      file.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return file.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return file.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return file.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      file.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
      return file.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return file.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return file.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}
