package io.quern.tools.distcp;

import io.quern.fs.FileStatus;

/**
 * Whether a map copies a file onto its target, as Hadoop's distcp decides: with {@code -overwrite}
 * always; with {@code -update} unless the target is a file of the same length (the file systems
 * offer no whole-file checksum to compare as well); otherwise only when there is no target yet.
 */
public final class CopyDecision {
  /** What the command line asked for when a target exists. */
  public enum Mode { SKIP_EXISTING, UPDATE, OVERWRITE }

  private CopyDecision() {}

  /** True to copy a source of {@code sourceLength} bytes onto {@code target} (null when none exists). */
  public static boolean shouldCopy(long sourceLength, FileStatus target, Mode mode) {
    if (target == null) {
      return true;
    }
    return switch (mode) {
      case OVERWRITE -> true;
      case UPDATE -> target.isDirectory() || target.getLen() != sourceLength;
      case SKIP_EXISTING -> false;
    };
  }
}
