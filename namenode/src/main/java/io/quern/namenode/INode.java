package io.quern.namenode;

import io.quern.protocol.dfs.DfsFileStatus;

/** A node of the namespace tree. Every mutable field is guarded by {@link Namespace#lock}, like the whole tree. */
abstract class INode {
  /** Guarded by {@link Namespace#lock}. */
  String name;
  /** Guarded by {@link Namespace#lock}. */
  INodeDirectory parent;
  /** Guarded by {@link Namespace#lock}. */
  long modificationTime;
  /** Guarded by {@link Namespace#lock}. */
  String owner;
  /** Guarded by {@link Namespace#lock}. */
  String group;
  /** The mode, e.g. 0755, or 01777 with the sticky bit. Guarded by {@link Namespace#lock}. */
  short mode;

  INode(String name, long modificationTime, Perm perm) {
    this.name = name;
    this.modificationTime = modificationTime;
    this.owner = perm.owner();
    this.group = perm.group();
    this.mode = perm.mode();
  }

  Perm perm() {
    return new Perm(owner, group, mode);
  }

  abstract boolean isDirectory();

  boolean sticky() {
    return (mode & io.quern.fs.permission.FsPermission.STICKY) != 0;
  }

  DfsFileStatus toStatus() {
    if (this instanceof INodeFile f) {
      return new DfsFileStatus(fullPath(), false, f.length(), f.replication, f.blockSize, modificationTime, owner,
          group, mode, f.underConstruction());
    }
    return new DfsFileStatus(fullPath(), true, 0, 0, 0, modificationTime, owner, group, mode, false);
  }

  /** The absolute path, computed from the parents so that renames of an ancestor are seen. */
  String fullPath() {
    if (parent == null) {
      return "/";
    }
    String p = parent.fullPath();
    return p.equals("/") ? "/" + name : p + "/" + name;
  }
}
