package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.tools.distcp.DistCp;
import io.quern.tools.distcp.DistCpOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quern distcp} DFS to DFS on a master and two workers whose maps run in child JVMs: a tree
 * with an empty file, an empty directory and a nested one arrives byte for byte, and
 * {@code -update} after one file changed copies that file alone.
 */
@Timeout(90)
class DistCpIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  java.nio.file.Path dir;

  @Test
  void copiesATreeThenUpdateCopiesOnlyTheChangedFile() throws Exception {
    try (MiniMrCluster cluster = MiniMrCluster.builder(dir).workers(2).slots(2, 1).onDfs()
        .set(MRJobConfig.STAGING_DIR, "/tmp/staging").start()) {
      FileSystem fs = cluster.fileSystem();
      Random r = new Random(3);
      Map<String, byte[]> tree = new TreeMap<>();
      tree.put("big", bytes(r, 3 << 20));
      tree.put("empty", new byte[0]);
      tree.put("a/one", bytes(r, 70_000));
      tree.put("a/b/two", bytes(r, 5));
      tree.put("a/b/c/three", bytes(r, 1_500_000));
      for (var e : tree.entrySet()) {
        write(fs, "/src/" + e.getKey(), e.getValue());
      }
      fs.mkdirs(new Path("/src/a/hollow"));

      Counters c = distcp(cluster.conf(), "-m", "3", "/src", "/dst");
      assertEquals(tree.size(), c.findCounter(DistCp.Counter.COPY).getValue());
      long total = tree.values().stream().mapToLong(b -> b.length).sum();
      assertEquals(total, c.findCounter(DistCp.Counter.BYTESCOPIED).getValue());
      assertSameTree(tree, read(fs, "/dst"));
      assertTrue(fs.getFileStatus(new Path("/dst/a/hollow")).isDirectory());
      assertEquals(0, fs.listStatus(new Path("/dst/a/hollow")).length);
      assertEquals("", leftovers(fs, new Path("/")), "the copy list or a temporary file stayed behind");

      byte[] changed = bytes(r, 80_000);
      write(fs, "/src/a/one", changed);
      tree.put("a/one", changed);
      c = distcp(cluster.conf(), "-update", "/src", "/dst");
      assertEquals(1, c.findCounter(DistCp.Counter.COPY).getValue());
      assertEquals(tree.size() - 1, c.findCounter(DistCp.Counter.SKIP).getValue());
      assertEquals(changed.length, c.findCounter(DistCp.Counter.BYTESCOPIED).getValue());
      assertSameTree(tree, read(fs, "/dst"));
    }
  }

  static Counters distcp(Configuration conf, String... args) throws Exception {
    Job job = DistCp.createJob(conf, DistCpOptions.parse(args));
    try {
      assertTrue(job.waitForCompletion(false), job.getFailureInfo());
      return job.getCounters();
    } finally {
      DistCp.cleanUp(job.getConfiguration());
    }
  }

  static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  static void write(FileSystem fs, String path, byte[] data) throws IOException {
    try (FSDataOutputStream out = fs.create(new Path(path), true)) {
      out.write(data);
    }
  }

  /** Every file under {@code root}, by its path below it. */
  static Map<String, byte[]> read(FileSystem fs, String root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    walk(fs, new Path(root), "", out);
    return out;
  }

  static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
  }

  private static void walk(FileSystem fs, Path p, String rel, Map<String, byte[]> out) throws IOException {
    for (FileStatus s : fs.listStatus(p)) {
      String name = rel + s.getPath().getName();
      if (s.isDirectory()) {
        walk(fs, s.getPath(), name + "/", out);
      } else {
        try (InputStream in = fs.open(s.getPath())) {
          out.put(name, in.readAllBytes());
        }
      }
    }
  }

  /** The paths under {@code p} of distcp's copy lists and temporary directories. */
  private static String leftovers(FileSystem fs, Path p) throws IOException {
    StringBuilder b = new StringBuilder();
    for (FileStatus s : fs.listStatus(p)) {
      String name = s.getPath().getName();
      if (name.startsWith("distcp_") || name.startsWith("_distcp_tmp")) {
        b.append(s.getPath()).append(' ');
      } else if (s.isDirectory()) {
        b.append(leftovers(fs, s.getPath()));
      }
    }
    return b.toString();
  }
}
