package io.quern.namenode;

import io.quern.fs.permission.FsPermission;
import io.quern.protocol.dfs.AccessControlException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Hadoop-style permission checks for one caller: owner bits if the caller owns the inode, else
 * group bits if it is in the inode's group, else the other bits; in a directory with the sticky
 * bit, only an entry's owner or the directory's owner may delete the entry or rename it away.
 * Superusers (the NameNode's own user and members of the super group) and a disabled checker
 * pass everything.
 *
 * <p>The caller's name is what the client sends; the cluster secret handshake is what keeps
 * strangers out, so within the cluster the name is trusted, as in Hadoop without Kerberos.
 */
final class PermissionChecker {
  enum Access {
    READ(4), WRITE(2), EXECUTE(1);

    final int bits;

    Access(int bits) {
      this.bits = bits;
    }
  }

  final String user;
  /** Immutable (the static table's set, {@code Set.of}, or a copy); a checker is made per call. */
  final Set<String> groups;
  final boolean superuser;
  private final boolean enabled;

  private PermissionChecker(String user, Set<String> groups, boolean superuser, boolean enabled) {
    this.user = user;
    this.groups = groups;
    this.superuser = superuser;
    this.enabled = enabled;
  }

  /** Resolves a caller's groups: the static table, else {@code id -Gn} on this host, cached. */
  static final class Groups {
    private final NamesystemConfig.Permissions cfg;
    /** Looks up a user's groups on this host: {@link #shellGroups}, or a test's. May be slow; never throws. */
    private final Function<String, Set<String>> lookup;
    /**
     * Each user's lookup, done or under way. The lookup runs outside the map's locks: a map's
     * compute would run it holding the lock of the key's bin, so another new user whose name fell
     * in the same bin would wait for it. Callers for the same user wait on its one lookup.
     */
    private final Map<String, CompletableFuture<Set<String>>> cache = new ConcurrentHashMap<>();

    Groups(NamesystemConfig.Permissions cfg) {
      this(cfg, Groups::shellGroups);
    }

    Groups(NamesystemConfig.Permissions cfg, Function<String, Set<String>> lookup) {
      this.cfg = cfg;
      this.lookup = lookup;
    }

    PermissionChecker checkerFor(String user) throws AccessControlException {
      if (user == null || user.isEmpty() || user.length() > 255 || !user.matches("[A-Za-z0-9._@$-]+")) {
        throw new AccessControlException("Permission denied: the user name '" + user + "' is not valid.");
      }
      Set<String> g = cfg.enabled() ? groupsOf(user) : Set.of();
      boolean su = user.equals(cfg.superuser()) || g.contains(cfg.superGroup());
      return new PermissionChecker(user, g, su, cfg.enabled());
    }

    private Set<String> groupsOf(String user) {
      Set<String> s = cfg.staticGroups().get(user);
      if (s != null) {
        return s;
      }
      // Cached for the NameNode's lifetime; the shell runs outside the namesystem lock.
      CompletableFuture<Set<String>> known = cache.get(user);
      if (known == null) {
        CompletableFuture<Set<String>> mine = new CompletableFuture<>();
        known = cache.putIfAbsent(user, mine);
        if (known == null) {
          try {
            Set<String> g = lookup.apply(user);
            mine.complete(g);
            return g;
          } catch (RuntimeException | Error e) {
            // Not cached: the next call looks again, and those waiting on this one hear why.
            cache.remove(user, mine);
            mine.completeExceptionally(e);
            throw e;
          }
        }
      }
      return known.join();
    }

    private static Set<String> shellGroups(String user) {
      try {
        Process p = new ProcessBuilder("id", "-Gn", user).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readNBytes(64 * 1024)).trim();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          return Set.of();
        }
        return out.isEmpty() ? Set.of() : Set.of(out.split("\\s+"));
      } catch (IOException | InterruptedException | RuntimeException e) {
        return Set.of();
      }
    }
  }

  /** For a test or an internal call: checks nothing. */
  static PermissionChecker superuser(String name) {
    return new PermissionChecker(name, Set.of(), true, false);
  }

  boolean bypass() {
    return !enabled || superuser;
  }

  void check(INode n, Access a) throws AccessControlException {
    if (bypass()) {
      return;
    }
    int bits = user.equals(n.owner) ? n.mode >> 6 : groups.contains(n.group) ? n.mode >> 3 : n.mode;
    if ((bits & a.bits) == 0) {
      throw denied(n, a);
    }
  }

  AccessControlException denied(INode n, Access a) {
    return new AccessControlException("Permission denied: user=" + user + ", access=" + a + ", inode="
        + n.fullPath() + " (owner=" + n.owner + ", group=" + n.group + ", mode="
        + (n.isDirectory() ? "d" : "-") + FsPermission.symbolic(n.mode) + ")");
  }

  /**
   * Checks a path resolved by {@link FsDirectory#inodes}: execute on every directory above the
   * target ({@code components} deep), then {@code parentAccess} on the deepest existing ancestor
   * and {@code access} on the target if it exists (either may be null).
   */
  void checkPath(List<INode> nodes, int components, Access parentAccess, Access access)
      throws AccessControlException {
    if (bypass()) {
      return;
    }
    boolean exists = nodes.size() == components + 1;
    int ancestors = exists ? nodes.size() - 1 : nodes.size();
    for (int i = 0; i < ancestors; i++) {
      if (nodes.get(i).isDirectory()) {
        check(nodes.get(i), Access.EXECUTE);
      }
    }
    if (parentAccess != null && ancestors > 0) {
      check(nodes.get(ancestors - 1), parentAccess);
    }
    if (access != null && exists) {
      check(nodes.get(components), access);
    }
  }

  /**
   * Write on every non-empty directory under (and including) {@code n}, and the sticky bit of
   * each of them: a recursive delete removes every entry, as {@code rm -r} unlinks each one.
   */
  void checkSubtreeWritable(INode n) throws AccessControlException {
    if (bypass()) {
      return;
    }
    if (n instanceof INodeDirectory d && !d.children.isEmpty()) {
      check(d, Access.WRITE);
      for (INode c : d.children.values()) {
        checkStickyBit(d, c);
        checkSubtreeWritable(c);
      }
    }
  }

  /**
   * Removing {@code child} from {@code parent} (delete, rename away, overwrite): in a sticky
   * directory, write permission on it is not enough, so that users sharing a directory such as
   * /tmp cannot delete or replace each other's entries.
   */
  void checkStickyBit(INodeDirectory parent, INode child) throws AccessControlException {
    if (bypass() || !parent.sticky() || user.equals(parent.owner) || user.equals(child.owner)) {
      return;
    }
    throw new AccessControlException("Permission denied by sticky bit: user=" + user + ", inode=" + child.fullPath()
        + " (owner=" + child.owner + "), parent=" + parent.fullPath() + " (owner=" + parent.owner + ", mode=d"
        + FsPermission.symbolic(parent.mode) + ")");
  }
}
