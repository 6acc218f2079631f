package io.quern.namenode;

/** Owner, group and 9-bit mode of an inode, as logged and imaged. */
record Perm(String owner, String group, short mode) {
  Perm {
    if (owner == null || group == null || mode < 0 || mode > 0777) {
      throw new IllegalArgumentException("Invalid permission " + owner + ":" + group + " " + mode);
    }
  }
}
