package io.quern.namenode;

import java.util.TreeMap;

/** A directory: children sorted by name so listings come out ordered. */
final class INodeDirectory extends INode {
  /** Guarded by {@link Namespace#lock}. */
  final TreeMap<String, INode> children = new TreeMap<>();

  INodeDirectory(String name, long modificationTime, Perm perm) {
    super(name, modificationTime, perm);
  }

  @Override
  boolean isDirectory() {
    return true;
  }

  void add(INode child) {
    child.parent = this;
    children.put(child.name, child);
  }

  void remove(INode child) {
    children.remove(child.name);
    child.parent = null;
  }
}
