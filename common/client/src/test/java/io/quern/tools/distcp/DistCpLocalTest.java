package io.quern.tools.distcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole distcp job on the local runner, local files to local files. */
class DistCpLocalTest {
  @TempDir
  Path dir;

  Counters run(String... args) throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", dir.resolve("staging").toString());
    Job job = DistCp.createJob(conf, DistCpOptions.parse(args));
    try {
      assertTrue(job.waitForCompletion(false), job.getFailureInfo());
      return job.getCounters();
    } finally {
      DistCp.cleanUp(job.getConfiguration());
    }
  }

  @Test
  void copiesATreeThenUpdateCopiesOnlyTheChangedFile() throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("sub/empty"));
    Files.write(src.resolve("a"), new byte[100_000]);
    Files.writeString(src.resolve("sub/b"), "bee");
    Files.write(src.resolve("sub/zero"), new byte[0]);
    Path dst = dir.resolve("dst");
    Counters c = run("-m", "2", "file://" + src, "file://" + dst);
    assertEquals(3, c.findCounter(DistCp.Counter.COPY).getValue());
    assertEquals(100_003, c.findCounter(DistCp.Counter.BYTESCOPIED).getValue());
    assertTrue(Files.isDirectory(dst.resolve("sub/empty")));
    for (String f : List.of("a", "sub/b", "sub/zero")) {
      assertArrayEquals(Files.readAllBytes(src.resolve(f)), Files.readAllBytes(dst.resolve(f)), f);
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("_distcp_tmp")), "temporary left");
    }

    Files.writeString(src.resolve("sub/b"), "bumblebee");
    c = run("-update", "file://" + src, "file://" + dst);
    assertEquals(1, c.findCounter(DistCp.Counter.COPY).getValue());
    assertEquals(2, c.findCounter(DistCp.Counter.SKIP).getValue());
    assertEquals("bumblebee", Files.readString(dst.resolve("sub/b")));

    // Without an option an existing target is skipped, so the destination's own copy stays.
    Files.writeString(dst.resolve("sub/b"), "mine");
    c = run("file://" + src + "/sub/b", "file://" + dst + "/sub/b");
    assertEquals(1, c.findCounter(DistCp.Counter.SKIP).getValue());
    assertEquals("mine", Files.readString(dst.resolve("sub/b")));
    c = run("-overwrite", "file://" + src + "/sub/b", "file://" + dst + "/sub/b");
    assertEquals(1, c.findCounter(DistCp.Counter.COPY).getValue());
    assertEquals("bumblebee", Files.readString(dst.resolve("sub/b")));
  }
}
