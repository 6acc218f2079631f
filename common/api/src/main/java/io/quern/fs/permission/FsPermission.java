package io.quern.fs.permission;

/**
 * The permission bits of a file or directory, as in Hadoop: read, write and execute for the
 * owner, the group and others, held as a 9-bit mode ({@code 0755}).
 */
public final class FsPermission {
  private final short mode;

  public FsPermission(short mode) {
    if (mode < 0 || mode > 0777) {
      throw new IllegalArgumentException("Permission mode " + Integer.toOctalString(mode) + " is outside 0..777.");
    }
    this.mode = mode;
  }

  /** Parses an octal mode of one to three (or four with a leading 0) digits, such as {@code 755}. */
  public static FsPermission valueOf(String octal) {
    if (octal == null || !octal.matches("0?[0-7]{1,3}")) {
      throw new IllegalArgumentException("'" + octal + "' is not an octal mode such as 755.");
    }
    return new FsPermission((short) Integer.parseInt(octal, 8));
  }

  /** {@code rwxr-xr-x} for 0755 (without the leading file-type character). */
  public static String symbolic(int mode) {
    StringBuilder b = new StringBuilder(9);
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      b.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    return b.toString();
  }

  public short toShort() {
    return mode;
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
