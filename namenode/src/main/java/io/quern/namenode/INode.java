package io.quern.namenode;

import io.quern.protocol.DfsFileStatus;

/** A node of the namespace tree. Guarded by the {@link FsNamesystem} lock, like the whole tree. */
abstract class INode {
  String name;
  INodeDirectory parent;
  long modificationTime;
  final String owner;

  INode(String name, long modificationTime, String owner) {
    this.name = name;
    this.modificationTime = modificationTime;
    this.owner = owner;
  }

  abstract boolean isDirectory();

  DfsFileStatus toStatus() {
    if (this instanceof INodeFile f) {
      return new DfsFileStatus(fullPath(), false, f.length(), f.replication, f.blockSize, modificationTime, owner,
          f.underConstruction());
    }
    return new DfsFileStatus(fullPath(), true, 0, 0, 0, modificationTime, owner, false);
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
