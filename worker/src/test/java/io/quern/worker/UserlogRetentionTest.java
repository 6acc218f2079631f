package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserlogRetentionTest {
  private static final long HOUR = 3_600_000;
  private static final long NOW = 1_000 * HOUR;

  @TempDir
  Path logs;

  @Test
  void logsOlderThanTheRetentionGoUnlessTheJobIsStillHeld() throws Exception {
    Path old = job("job_1_0001", NOW - 30 * HOUR);
    Path recent = job("job_1_0002", NOW - 2 * HOUR);
    Path heldOld = job("job_1_0003", NOW - 30 * HOUR);
    Path oldWithNewFile = job("job_1_0004", NOW - 30 * HOUR);
    touch(oldWithNewFile.resolve("attempt_1_0004_r_000000_0/stderr"), NOW - HOUR);
    Path children = Files.createDirectories(logs.resolve("_children"));
    touch(children.resolve("child_1.out"), NOW - 30 * HOUR);
    touch(children.resolve("child_2.out"), NOW - HOUR);
    Path outside = Files.createDirectories(logs.getParent().resolve("outside"));
    touch(outside.resolve("keep"), NOW - 30 * HOUR);
    Path link = Files.createSymbolicLink(old.resolve("planted"), outside);
    FileTime then = FileTime.fromMillis(NOW - 30 * HOUR);
    Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(then, null, null);
    Files.setLastModifiedTime(old, then);

    int deleted = new UserlogRetention(logs, 24 * HOUR, () -> NOW, Set.of("job_1_0003")::contains).sweep();

    assertEquals(2, deleted, "the old job's logs and the old child output");
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(recent) && Files.exists(heldOld) && Files.exists(oldWithNewFile));
    assertFalse(Files.exists(children.resolve("child_1.out")));
    assertTrue(Files.exists(children.resolve("child_2.out")));
    assertTrue(Files.exists(outside.resolve("keep")), "a planted link is removed, not followed");
  }

  private Path job(String id, long millis) throws Exception {
    Path dir = Files.createDirectories(logs.resolve(id));
    touch(dir.resolve("attempt_" + id.substring(4) + "_m_000000_0/stdout"), millis);
    Files.setLastModifiedTime(dir.resolve("attempt_" + id.substring(4) + "_m_000000_0"), FileTime.fromMillis(millis));
    Files.setLastModifiedTime(dir, FileTime.fromMillis(millis));
    return dir;
  }

  private static void touch(Path file, long millis) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "log\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    Files.setLastModifiedTime(file.getParent(), FileTime.fromMillis(millis));
  }
}
