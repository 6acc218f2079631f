package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written outside the namespace lock lose no edit, whenever they are cut short. */
class CheckpointTest {
  @TempDir
  Path dir;

  @Test
  void changesMadeWhileCheckpointsRunAllSurviveARestart() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(dir)) {
      AtomicBoolean stop = new AtomicBoolean();
      List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService writers = Executors.newFixedThreadPool(2);
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int id = w;
        running.add(writers.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            String p = "/w" + id + "/d" + i;
            f.ns.mkdirs(p, "tester");
            acknowledged.add(p);
          }
          return null;
        }));
      }
      for (int c = 0; c < 20; c++) {
        f.ns.checkpoint();
      }
      stop.set(true);
      for (Future<?> r : running) {
        r.get();
      }
      writers.shutdown();
      String before = f.ns.describe();
      assertTrue(acknowledged.size() > 20, "the writers made changes during the checkpoints: " + acknowledged.size());
      assertFalse(Files.exists(dir.resolve("edits.new")), "each checkpoint ends by renaming its segment");
      f.restart();
      assertEquals(before, f.ns.describe());
      for (String p : acknowledged) {
        assertNotNull(f.ns.getFileInfo(null, p), p);
      }
    }
  }

  @Test
  void aCheckpointCutShortAfterRollingTheLogIsFinishedAtTheNextStart() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(dir)) {
      f.ns.mkdirs("/a", "tester");
      f.ns.checkpoint();
      f.ns.mkdirs("/b", "tester");
      f.ns.close();
      // The state a crash leaves between the roll and the rename: the image holds /a, the old
      // segment /b, the new segment /c.
      long last = EditLog.replay(dir.resolve("edits"), 0, (id, op) -> { });
      try (EditLog rolled = new EditLog(dir.resolve("edits.new"), last)) {
        rolled.sync(rolled.append(new EditOp.Mkdirs("/c", new Perm("tester", "supergroup", (short) 0755), 5)));
      }
      f.open();
      for (String p : List.of("/a", "/b", "/c")) {
        assertNotNull(f.ns.getFileInfo(null, p), p);
      }
      assertFalse(Files.exists(dir.resolve("edits.new")), "the start finished the checkpoint");
      // The log goes on after the finished checkpoint: a later change survives a restart too.
      f.ns.mkdirs("/d", "tester");
      String before = f.ns.describe();
      f.restart();
      assertEquals(before, f.ns.describe());
      assertNotNull(f.ns.getFileInfo(null, "/d"));
    }
  }

  @Test
  void checkpointsWhoseImageCannotBeWrittenLoseNoEditAndALaterOneFinishes() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(dir)) {
      f.ns.mkdirs("/a", "tester");
      // A directory where the image's temporary file goes: writing the image fails after the roll.
      Path obstacle = Files.createDirectories(dir.resolve("fsimage.tmp").resolve("x"));
      org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> f.ns.checkpoint());
      f.ns.mkdirs("/b", "tester");
      org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> f.ns.checkpoint());
      f.ns.mkdirs("/c", "tester");
      // The NameNode stops with its checkpoints failing and starts once the disk is fixed: every
      // edit is still in a segment, and the start finishes the checkpoint.
      String before = f.ns.describe();
      f.ns.close();
      Files.delete(obstacle);
      Files.delete(obstacle.getParent());
      f.open();
      assertEquals(before, f.ns.describe());
      f.ns.mkdirs("/d", "tester");
      f.ns.checkpoint();
      f.ns.mkdirs("/e", "tester");
      before = f.ns.describe();
      f.restart();
      assertEquals(before, f.ns.describe());
      for (String p : List.of("/a", "/b", "/c", "/d", "/e")) {
        assertNotNull(f.ns.getFileInfo(null, p), p);
      }
    }
  }
}
