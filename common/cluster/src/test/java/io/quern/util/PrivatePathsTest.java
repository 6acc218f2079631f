package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivatePathsTest {
  @TempDir
  Path tmp;

  @Test
  void aNewStateDirectoryIsTheOwnersAloneAndSoAreItsFiles() throws Exception {
    Path dir = PrivatePaths.privateDir(tmp.resolve("a/b/name"), "the test's state directory");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    Path f = dir.resolve("blk_1");
    PrivatePaths.createFile(f, new byte[] {1, 2, 3});
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals(3, Files.size(f));
    PrivatePaths.replaceFile(f, new byte[0]);
    assertEquals(0, Files.size(f));
    try (var c = PrivatePaths.openForWrite(dir.resolve("edits"))) {
      c.write(java.nio.ByteBuffer.wrap(new byte[] {9}));
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("edits"))));
  }

  @Test
  void anExistingStateDirectoryOpenToReadersIsNarrowedTo0700() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("data"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    PrivatePaths.privateDir(dir, "the test's state directory");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
  }

  @Test
  void aStateDirectoryOthersMayWriteIsRefusedWithOneSentence() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> PrivatePaths.privateDir(dir, "the DataNode's data directory"));
    assertTrue(e.getMessage().contains("the DataNode's data directory " + dir + " is writable by group or others"),
        e.getMessage());
    assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), "left as it was");
  }

  @Test
  void aStateDirectoryOfAnotherUserIsRefused() throws Exception {
    Assumptions.assumeTrue(PrivatePaths.selfUid() == 0, "only root can give a directory to another user");
    Path dir = Files.createDirectory(tmp.resolve("theirs"));
    Files.setAttribute(dir, "unix:uid", 1_900_000_123);
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> PrivatePaths.privateDir(dir, "the NameNode's name directory"));
    assertTrue(e.getMessage().contains("belongs to uid 1900000123, not to uid 0"), e.getMessage());
  }

  @Test
  void aStateDirectoryLinkedToAnotherDiskIsJudgedWhereItLeads() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("disk2"));
    Path link = Files.createSymbolicLink(tmp.resolve("name"), target);
    PrivatePaths.privateDir(link, "the NameNode's name directory");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwx---"));
    assertThrows(ConfigurationException.class, () -> PrivatePaths.privateDir(link, "the NameNode's name directory"));
  }

  @Test
  void aFileWhereAStateDirectoryShouldBeIsRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("name"), "x");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> PrivatePaths.privateDir(file, "the NameNode's name directory"));
    assertTrue(e.getMessage().endsWith("is not a directory"), e.getMessage());
  }
}
