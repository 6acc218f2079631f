package io.quern.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobStatusTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void globPatternsMatchLikeTheShell() {
    assertTrue(new GlobPattern("part-*").matches("part-r-00000"));
    assertFalse(new GlobPattern("part-*").matches("_SUCCESS"));
    assertTrue(new GlobPattern("p?rt").matches("part"));
    assertTrue(new GlobPattern("[a-c]x").matches("bx"));
    assertFalse(new GlobPattern("[^a-c]x").matches("bx"));
    assertTrue(new GlobPattern("{foo,bar}.txt").matches("bar.txt"));
    assertFalse(new GlobPattern("a.b").matches("axb"));
    assertThrows(IllegalArgumentException.class, () -> new GlobPattern("{open"));
    assertThrows(IllegalArgumentException.class, () -> new GlobPattern("[open"));
  }

  @Test
  void globStatusOnTheLocalFileSystem() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    Files.createDirectories(dir.resolve("out2"));
    for (String name : new String[] {"out/part-r-00001", "out/part-r-00000", "out/_SUCCESS", "out2/part-r-00000"}) {
      Files.writeString(dir.resolve(name), "x");
    }
    FileSystem local = FileSystem.getLocal(new Configuration(false));
    String base = dir.toUri().getPath();
    FileStatus[] parts = local.globStatus(new Path("file://" + base + "/out/part-*"));
    assertEquals(Arrays.asList("part-r-00000", "part-r-00001"),
        Arrays.stream(parts).map(s -> s.getPath().getName()).toList());
    assertEquals(3, local.globStatus(new Path("file://" + base + "/out*/part-*")).length);
    assertArrayEquals(new FileStatus[0], local.globStatus(new Path("file://" + base + "/out/none-*")));
    assertNull(local.globStatus(new Path("file://" + base + "/missing")));
    assertEquals(1, local.globStatus(new Path("file://" + base + "/out/_SUCCESS")).length);
  }
}
