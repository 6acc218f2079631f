package io.quern.namenode;

/** Owner, group and mode (permission bits and sticky bit) of an inode, as logged and imaged. */
record Perm(String owner, String group, short mode) {
  Perm {
    if (owner == null || group == null || !validMode(mode)) {
      throw new IllegalArgumentException("Invalid permission " + owner + ":" + group + " " + mode);
    }
  }

  /**
   * Up to 01777. Images and edit logs written before the sticky bit hold modes up to 0777 in the
   * same field, so they load unchanged; an older NameNode refuses a sticky mode rather than
   * silently dropping it.
   */
  static boolean validMode(int mode) {
    return mode >= 0 && mode <= 01777;
  }
}
