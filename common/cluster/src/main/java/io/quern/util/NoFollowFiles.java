package io.quern.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Opens a file below a trusted directory without following a symbolic link at any step, and
 * without a window between check and use: each directory is opened relative to the one before
 * (openat with O_NOFOLLOW), so a task that owns the directories below {@code base} can neither
 * plant a link to a file it may not read nor swap a directory for a link while a daemon opens
 * through it. For daemons that run as root or as the worker's user and read files in
 * directories a task owns (map outputs, task logs).
 */
public final class NoFollowFiles {
  /** Immutable. */
  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private NoFollowFiles() {}

  /**
   * Opens {@code base/names[0]/.../names[n-1]} for reading. {@code base} itself must be a
   * directory no task can replace (its parent is the daemon's); every name must be one path
   * component.
   *
   * @throws IOException when any step is a link, missing, or not what it should be
   */
  public static SeekableByteChannel openRead(Path base, String... names) throws IOException {
    if (names.length == 0) {
      throw new IllegalArgumentException("no file named under " + base);
    }
    for (String n : names) {
      if (n.isEmpty() || n.contains("/") || n.equals(".") || n.equals("..")) {
        throw new IOException("not a single path component: '" + n + "'");
      }
    }
    List<DirectoryStream<Path>> opened = new ArrayList<>();
    try {
      DirectoryStream<Path> dir = Files.newDirectoryStream(base);
      opened.add(dir);
      if (!(dir instanceof SecureDirectoryStream<Path> secure)) {
        throw new IOException("this platform cannot open files relative to a directory; refusing to read under "
            + base + " by path");
      }
      for (int i = 0; i < names.length - 1; i++) {
        secure = secure.newDirectoryStream(Path.of(names[i]), LinkOption.NOFOLLOW_LINKS);
        opened.add(secure);
      }
      return secure.newByteChannel(Path.of(names[names.length - 1]), READ);
    } finally {
      for (DirectoryStream<Path> d : opened) {
        d.close();
      }
    }
  }

  /** The whole of a small file opened as {@link #openRead} does, up to {@code max} bytes. */
  public static byte[] readAll(Path base, int max, String... names) throws IOException {
    try (SeekableByteChannel ch = openRead(base, names)) {
      long size = ch.size();
      if (size > max) {
        throw new IOException(String.join("/", names) + " under " + base + " holds " + size + " bytes, more than "
            + max);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read on
      }
      return buf.array();
    }
  }
}
