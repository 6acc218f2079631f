package io.quern.namenode;

import io.quern.fs.FileAlreadyExistsException;
import io.quern.protocol.dfs.DirectoryNotEmptyException;
import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.InvalidPathException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The namespace tree and its operations, with no logging, leases or blocks map: the same calls
 * serve live requests and edit-log replay. Not thread-safe; {@link FsNamesystem} holds its lock.
 */
final class FsDirectory {
  final INodeDirectory root;

  FsDirectory(long now, Perm rootPerm) {
    root = new INodeDirectory("", now, rootPerm);
  }

  /**
   * The root and then the node of each component of {@code path} in turn, as far as they exist:
   * one longer than the component count when the path exists.
   */
  List<INode> inodes(String path) throws InvalidPathException {
    List<INode> out = new ArrayList<>();
    INode cur = root;
    out.add(cur);
    for (String c : DfsPaths.components(path)) {
      if (!(cur instanceof INodeDirectory d) || (cur = d.children.get(c)) == null) {
        break;
      }
      out.add(cur);
    }
    return out;
  }

  /** The node at {@code path}, or null. Throws only on an invalid path. */
  INode get(String path) throws InvalidPathException {
    INode cur = root;
    for (String c : DfsPaths.components(path)) {
      if (!(cur instanceof INodeDirectory d)) {
        return null;
      }
      cur = d.children.get(c);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  INodeFile getFile(String path) throws IOException {
    INode n = get(path);
    if (n == null) {
      throw new FileNotFoundInDfsException("File " + path + " does not exist.");
    }
    if (!(n instanceof INodeFile f)) {
      throw new FileAlreadyExistsException(path + " is a directory, not a file.");
    }
    return f;
  }

  /** Creates missing directories; false when {@code path} already was a directory. */
  boolean mkdirs(String path, Perm perm, long now) throws IOException {
    List<String> parts = DfsPaths.components(path);
    INodeDirectory cur = root;
    boolean created = false;
    for (int i = 0; i < parts.size(); i++) {
      INode next = cur.children.get(parts.get(i));
      if (next == null) {
        INodeDirectory d = new INodeDirectory(parts.get(i), now, perm);
        cur.add(d);
        cur.modificationTime = now;
        next = d;
        created = true;
      } else if (!next.isDirectory()) {
        throw new FileAlreadyExistsException("Cannot create directory " + path + ": "
            + DfsPaths.join(parts.subList(0, i + 1)) + " is a file.");
      }
      cur = (INodeDirectory) next;
    }
    return created;
  }

  /** Adds a new empty file; its parent directory must exist and the path must not. */
  INodeFile addFile(String path, int replication, long blockSize, Perm perm, String client, long now)
      throws IOException {
    List<String> parts = DfsPaths.components(path);
    if (parts.isEmpty()) {
      throw new FileAlreadyExistsException("Cannot create file /: it is the root directory.");
    }
    INode existing = get(path);
    if (existing != null) {
      throw new FileAlreadyExistsException(existing.isDirectory()
          ? "Cannot create file " + path + ": it is a directory."
          : "File " + path + " already exists.");
    }
    String parentPath = DfsPaths.join(parts.subList(0, parts.size() - 1));
    if (!(get(parentPath) instanceof INodeDirectory parent)) {
      throw new FileNotFoundInDfsException("Cannot create file " + path + ": the parent directory "
          + parentPath + " does not exist.");
    }
    INodeFile f = new INodeFile(parts.get(parts.size() - 1), now, perm, replication, blockSize, client);
    parent.add(f);
    parent.modificationTime = now;
    return f;
  }

  /** Removes {@code path} and returns the files removed (to free their blocks and leases). */
  List<INodeFile> delete(String path, boolean recursive, long now) throws IOException {
    INode n = get(path);
    if (n == null) {
      throw new FileNotFoundInDfsException("File " + path + " does not exist.");
    }
    if (n == root) {
      throw new InvalidPathException("Cannot delete the root directory.");
    }
    if (n instanceof INodeDirectory d && !d.children.isEmpty() && !recursive) {
      throw new DirectoryNotEmptyException("Directory " + path + " is not empty.");
    }
    List<INodeFile> files = new ArrayList<>();
    collectFiles(n, files);
    INodeDirectory parent = n.parent;
    parent.remove(n);
    parent.modificationTime = now;
    return files;
  }

  static void collectFiles(INode n, List<INodeFile> out) {
    if (n instanceof INodeFile f) {
      out.add(f);
    } else {
      for (INode c : ((INodeDirectory) n).children.values()) {
        collectFiles(c, out);
      }
    }
  }

  /**
   * Moves {@code src} to exactly {@code dst}, which must not exist (the caller resolves a move
   * into a directory first). Returns the final path of the moved node.
   */
  String rename(String src, String dst, long now) throws IOException {
    INode s = get(src);
    if (s == null) {
      throw new FileNotFoundInDfsException("Source " + src + " does not exist.");
    }
    if (s == root) {
      throw new InvalidPathException("Cannot rename the root directory.");
    }
    String target = DfsPaths.normalize(dst);
    INode d = get(target);
    if (d != null) {
      throw new FileAlreadyExistsException("Cannot rename " + src + " to " + dst + ": " + target + " exists.");
    }
    String srcPath = s.fullPath();
    if (target.startsWith(srcPath + "/")) {
      throw new InvalidPathException("Cannot rename " + src + " under itself (" + target + ").");
    }
    List<String> parts = DfsPaths.components(target);
    INode parent = get(DfsPaths.join(parts.subList(0, parts.size() - 1)));
    if (!(parent instanceof INodeDirectory pd)) {
      throw new FileNotFoundInDfsException("Cannot rename " + src + " to " + dst + ": the parent of "
          + target + " is not a directory.");
    }
    s.parent.modificationTime = now;
    s.parent.remove(s);
    s.name = parts.get(parts.size() - 1);
    pd.add(s);
    pd.modificationTime = now;
    return target;
  }

  /** Every node with its times, owner, replication and blocks, one per line, in path order. */
  String describe() {
    StringBuilder b = new StringBuilder();
    describe(root, b);
    return b.toString();
  }

  private static void describe(INode n, StringBuilder b) {
    b.append(n.fullPath()).append(' ').append(n.modificationTime).append(' ').append(n.owner).append(':').append(n.group)
        .append(' ').append(Integer.toOctalString(n.mode));
    if (n instanceof INodeFile f) {
      b.append(" rep=").append(f.replication).append(" bs=").append(f.blockSize).append(" uc=").append(f.clientName);
      for (BlockInfo bi : f.blocks) {
        b.append(' ').append(bi.id).append(':').append(bi.length).append(bi.committed ? "c" : "u");
      }
      b.append('\n');
    } else {
      b.append('\n');
      for (INode c : ((INodeDirectory) n).children.values()) {
        describe(c, b);
      }
    }
  }
}
