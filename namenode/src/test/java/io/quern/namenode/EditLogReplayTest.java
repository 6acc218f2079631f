package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.ReplicaReport;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditLogReplayTest {
  @TempDir
  Path tmp;

  /** Applies random operations; failures (bad paths, missing files) are part of the mix. */
  private static void randomOps(NamesystemFixture f, Random rnd, int count) {
    List<String> names = List.of("/a", "/a/b", "/a/b/c", "/d", "/d/e", "/x");
    for (int i = 0; i < count; i++) {
      String p = names.get(rnd.nextInt(names.size())) + (rnd.nextBoolean() ? "/f" + rnd.nextInt(4) : "");
      String q = names.get(rnd.nextInt(names.size()));
      f.clock.addAndGet(rnd.nextInt(100));
      try {
        switch (rnd.nextInt(7)) {
          case 0 -> f.ns.mkdirs(p, "u" + rnd.nextInt(2));
          case 1 -> f.writeFile(p, rnd.nextInt(3), 1 + rnd.nextInt(1000));
          case 2 -> f.ns.delete(null, p, rnd.nextBoolean());
          case 3 -> f.ns.rename(null, p, q);
          case 4 -> f.ns.setReplication(null, p, 1 + rnd.nextInt(3));
          case 5 -> openFile(f, p, rnd);
          default -> f.ns.checkpoint();
        }
      } catch (IOException | RuntimeException expected) {
        // invalid for the current state; nothing was logged
      }
    }
  }

  /** A file left under construction with one committed and one uncommitted block. */
  private static void openFile(NamesystemFixture f, String p, Random rnd) throws IOException {
    String c = "open-" + rnd.nextInt(1000);
    f.ns.create(new CreateRequest(p, c, "u", false, 2, 0), null).status();
    LocatedBlock b = f.ns.addBlock(new AddBlockRequest(p, c, "h1", -1, 0, List.of()));
    b.locations().forEach(d -> f.ns.datanodes().blockReceived(d.id(), List.of(new ReplicaReport(b.blockId(), 1 << 20))));
    f.ns.addBlock(new AddBlockRequest(p, c, "h1", b.blockId(), 1 << 20, List.of()));
  }

  @RepeatedTest(5)
  void replayRebuildsTheSameState() throws Exception {
    Path dir = Files.createTempDirectory(tmp, "nn");
    try (NamesystemFixture f = new NamesystemFixture(dir)) {
      f.addDatanodes("h1@/r1", "h2@/r1", "h3@/r2");
      randomOps(f, new Random(dir.hashCode()), 300);
      String before = f.ns.describe();
      f.restart();
      assertEquals(before, f.ns.describe());
    }
  }

  @Test
  void tornTailIsCutAndLaterEditsStillReplay() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(tmp)) {
      f.addDatanodes("h1", "h2", "h3");
      f.ns.mkdirs("/kept", "u");
      String kept = f.ns.describe();
      f.ns.mkdirs("/lost", "u");
      f.ns.close();
      Path edits = tmp.resolve("edits");
      try (RandomAccessFile raf = new RandomAccessFile(edits.toFile(), "rw")) {
        raf.setLength(raf.length() - 3);
      }
      f.open();
      assertEquals(kept, f.ns.describe(), "the torn record is dropped, the ones before it kept");
      f.ns.mkdirs("/after", "u");
      String after = f.ns.describe();
      f.restart();
      assertEquals(after, f.ns.describe(), "appends after the cut are readable");
    }
  }

  /** A crash: the files as they are on disk while the namesystem is running, never closed. */
  @Test
  void acknowledgedEditsSurviveACrash() throws Exception {
    Path live = tmp.resolve("live");
    Path crashed = tmp.resolve("crashed");
    NamesystemFixture f = new NamesystemFixture(live);
    f.addDatanodes("h1", "h2", "h3");
    randomOps(f, new Random(99), 200);
    String acknowledged = f.ns.describe();
    Files.createDirectories(crashed);
    try (var files = Files.list(live)) {
      for (Path p : files.toList()) {
        Files.copy(p, crashed.resolve(p.getFileName()));
      }
    }
    try (NamesystemFixture after = new NamesystemFixture(crashed)) {
      assertEquals(acknowledged, after.ns.describe());
    }
    f.close();
  }

  @Test
  void corruptRecordStopsReplay() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(tmp)) {
      f.ns.mkdirs("/one", "u");
      String one = f.ns.describe();
      f.ns.mkdirs("/two", "u");
      f.ns.close();
      Path edits = tmp.resolve("edits");
      try (RandomAccessFile raf = new RandomAccessFile(edits.toFile(), "rw")) {
        raf.seek(raf.length() - 2);
        raf.write(0x5a);
      }
      f.open();
      assertEquals(one, f.ns.describe());
    }
  }

  @Test
  void concurrentEditsShareFsyncsAndAllSurvive() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(tmp)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int tt = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            f.ns.mkdirs("/t" + tt + "/d" + i, "u");
          }
          return null;
        }));
      }
      for (Future<?> fu : futures) {
        fu.get();
      }
      pool.shutdown();
      String before = f.ns.describe();
      assertNotEquals("", before);
      f.restart();
      assertEquals(before, f.ns.describe());
      assertEquals(50, f.ns.getListing(null, "/t3").size());
    }
  }
}
