package io.quern.fs.permission;

/**
 * The permission bits of a file or directory, as in Hadoop: read, write and execute for the
 * owner, the group and others ({@code 0755}), and the sticky bit ({@code 01000}), which on a
 * directory lets only an entry's owner, the directory's owner or a superuser delete or rename
 * the entry away.
 */
public final class FsPermission {
  /** The sticky bit of a mode. */
  public static final int STICKY = 01000;
  /** The largest mode: setuid and setgid have no meaning in the DFS, as in HDFS. */
  public static final int MAX_MODE = 01777;

  private final short mode;

  public FsPermission(short mode) {
    if (mode < 0 || mode > MAX_MODE) {
      throw new IllegalArgumentException("Permission mode " + Integer.toOctalString(mode) + " is outside 0..1777.");
    }
    this.mode = mode;
  }

  /**
   * Parses an octal mode such as {@code 755}, {@code 0750} or {@code 1777}: up to three digits,
   * optionally after a sticky digit {@code 1} or a leading {@code 0}.
   */
  public static FsPermission valueOf(String octal) {
    if (octal == null || !octal.matches("0?[0-7]{1,3}|0?1[0-7]{3}")) {
      throw new IllegalArgumentException("'" + octal + "' is not an octal mode such as 755 or 1777.");
    }
    return new FsPermission((short) Integer.parseInt(octal, 8));
  }

  /**
   * {@code rwxr-xr-x} for 0755 (without the leading file-type character); the sticky bit shows
   * as {@code t} in the others-execute place, or {@code T} when others may not execute, as in
   * {@code ls -l}.
   */
  public static String symbolic(int mode) {
    StringBuilder b = new StringBuilder(9);
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      b.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    if ((mode & STICKY) != 0) {
      b.setCharAt(8, (mode & 1) != 0 ? 't' : 'T');
    }
    return b.toString();
  }

  public short toShort() {
    return mode;
  }

  public boolean getStickyBit() {
    return (mode & STICKY) != 0;
  }

  /** This mode with the bits of {@code umask} cleared. */
  public FsPermission applyUMask(FsPermission umask) {
    return new FsPermission((short) (mode & ~umask.mode));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FsPermission p && p.mode == mode;
  }

  @Override
  public int hashCode() {
    return mode;
  }

  @Override
  public String toString() {
    return symbolic(mode);
  }
}
