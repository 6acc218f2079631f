package io.quern.util;

import io.quern.conf.ConfigurationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A daemon's state on disk (block and meta files, the fsimage and edit log) is its own: its
 * directories are 0700 and its files 0600, so that a task running on the same host under
 * another user id reads none of it. A daemon refuses to start on a state directory that another
 * user owns or that group or others may write, since whoever can write there can plant files
 * the daemon would serve or load.
 */
public final class PrivatePaths {
  /** Immutable. */
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  /** Immutable. */
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE = EnumSet.of(
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private PrivatePaths() {}

  /** Mode 0600, for creating a private file. */
  public static FileAttribute<Set<PosixFilePermission>> fileMode() {
    return PosixFilePermissions.asFileAttribute(FILE_MODE);
  }

  /**
   * Makes {@code dir} (and any missing parents) a private directory of this process's user:
   * created 0700, or, when it exists, checked to be this user's and not writable by group or
   * others, then narrowed to 0700.
   *
   * @param what names the directory in the error, e.g. "the NameNode's name directory"
   * @throws ConfigurationException when another user owns it or others may write it
   */
  public static Path privateDir(Path dir, String what) {
    try {
      if (!Files.exists(dir)) {
        Files.createDirectories(dir);
        setMode(dir, DIR_MODE);
        return dir;
      }
      // An operator may link a data directory to another disk: what counts is where it leads.
      Path real = dir.toRealPath();
      if (!Files.isDirectory(real)) {
        throw new ConfigurationException(what + " " + dir + " is not a directory");
      }
      checkOwned(real, what);
      setMode(real, DIR_MODE);
      return dir;
    } catch (IOException e) {
      throw new ConfigurationException("cannot prepare " + what + " " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a path that is not this process's user's, or that group or others may write.
   *
   * @throws ConfigurationException naming the path, its owner and its mode
   */
  public static void checkOwned(Path p, String what) throws IOException {
    int self = selfUid();
    if (self < 0) {
      return; // no unix attributes here (not Linux): the operator's file system, the operator's rules
    }
    int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (owner != self) {
      throw new ConfigurationException(what + " " + p + " belongs to uid " + owner + ", not to uid " + self
          + " that runs this daemon; refusing to use it (chown it, or point the configuration elsewhere)");
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    if (!java.util.Collections.disjoint(mode, GROUP_OR_OTHERS_WRITE)) {
      throw new ConfigurationException(what + " " + p + " is writable by group or others (mode "
          + PosixFilePermissions.toString(mode) + "); refusing to use it (chmod go-w it)");
    }
  }

  /** Creates {@code file} with mode 0600 holding {@code content}; fails if it exists. */
  public static void createFile(Path file, byte[] content) throws IOException {
    try (FileChannel c = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        fileMode())) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        c.write(b);
      }
    }
  }

  /** Opens {@code file} for writing, creating it with mode 0600 when it does not exist. */
  public static FileChannel openForWrite(Path file) throws IOException {
    return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileMode());
  }

  /** Replaces {@code file} by a new 0600 file holding {@code content}. */
  public static void replaceFile(Path file, byte[] content) throws IOException {
    Files.deleteIfExists(file);
    try {
      createFile(file, content);
    } catch (FileAlreadyExistsException raced) {
      throw new IOException(file + " was created again while being replaced", raced);
    }
  }

  private static void setMode(Path p, Set<PosixFilePermission> mode) throws IOException {
    try {
      Files.setPosixFilePermissions(p, mode);
    } catch (UnsupportedOperationException notPosix) {
      // no POSIX modes on this file system
    }
  }

  /** This process's user id, or -1 where the platform does not say. */
  static int selfUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }
}
