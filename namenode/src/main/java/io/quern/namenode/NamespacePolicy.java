package io.quern.namenode;

import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.InvalidPathException;
import java.io.IOException;
import java.util.List;

/**
 * The namespace's configured rules that need no namespace state: limits on paths (length,
 * depth, component length), checked before any work on them, and the permissions of new inodes.
 */
final class NamespacePolicy {
  private final NamesystemConfig.Limits limits;
  private final NamesystemConfig.Permissions permissions;
  private final PermissionChecker.Groups groups;

  NamespacePolicy(NamesystemConfig cfg) {
    this.limits = cfg.limits();
    this.permissions = cfg.permissions();
    this.groups = new PermissionChecker.Groups(cfg.permissions());
  }

  /** The root of a new file system: the superuser's, group super group, 0755. */
  Perm rootPerm() {
    return new Perm(permissions.superuser(), permissions.superGroup(), (short) 0755);
  }

  /**
   * The shared /tmp: the superuser's, world-writable and sticky (01777), so that every user may
   * make entries there and none may delete or replace another's.
   */
  Perm tmpPerm() {
    return new Perm(permissions.superuser(), permissions.superGroup(), (short) 01777);
  }

  /** The checker for {@code user}; null is the NameNode itself, a superuser. */
  PermissionChecker checker(String user) throws IOException {
    return user == null ? PermissionChecker.superuser(permissions.superuser()) : groups.checkerFor(user);
  }

  short newMode(boolean directory) {
    return (short) ((directory ? 0777 : 0666) & ~permissions.umask());
  }

  /** A new inode's permission: the caller owns it, it takes the group of its nearest existing ancestor. */
  Perm newPerm(PermissionChecker pc, List<INode> nodes, boolean directory) {
    INode ancestor = nodes.get(nodes.size() - 1);
    return new Perm(pc.user, ancestor.group, newMode(directory));
  }

  static AccessControlException notOwner(PermissionChecker pc, INode n, String what) {
    return new AccessControlException("Permission denied: user=" + pc.user
        + " is not the owner of " + n.fullPath() + " (owner=" + n.owner + ") and cannot " + what + ".");
  }

  /** Rejects a path longer than the limit. */
  void checkLength(String path) throws InvalidPathException {
    if (path != null && path.length() > limits.maxPathLength()) {
      throw new InvalidPathException("Path of " + path.length() + " characters exceeds the limit of "
          + limits.maxPathLength() + " (dfs.namenode.fs-limits.max-path-length).");
    }
  }

  /** Limits on a path about to be created. */
  void checkNewPath(String path) throws InvalidPathException {
    checkLength(path);
    List<String> parts = DfsPaths.components(path);
    if (parts.size() > limits.maxDepth()) {
      throw new InvalidPathException("Path " + abbreviate(path) + " is " + parts.size()
          + " directories deep, more than the limit of " + limits.maxDepth()
          + " (dfs.namenode.fs-limits.max-directory-depth).");
    }
    for (String c : parts) {
      if (c.length() > limits.maxComponentLength()) {
        throw new InvalidPathException("Path component '" + abbreviate(c) + "' of " + c.length()
            + " characters exceeds the limit of " + limits.maxComponentLength()
            + " (dfs.namenode.fs-limits.max-component-length).");
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
