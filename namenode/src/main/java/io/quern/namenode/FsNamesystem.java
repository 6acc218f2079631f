package io.quern.namenode;

import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.CreatedFile;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.InvalidPathException;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.LocatedBlocks;
import io.quern.protocol.dfs.SafeModeAction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NameNode's operations on its {@link Namespace}: reads, namespace changes, the file write
 * path ({@link FileWrites}), safe mode and the monitor's rounds; load and checkpoints are the
 * {@link NameDirectory}'s, which this hands them to. RMI threads, the membership listener and
 * the monitor thread all call in here; nothing does I/O under the lock except appending to the
 * in-memory edit buffer. A change returns only after its edit is fsync'd ({@link EditLog#sync}
 * after the lock is released).
 */
public final class FsNamesystem implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(FsNamesystem.class);

  private final Namespace ns;
  private final FileWrites writes;
  private final NameDirectory nameDirectory;
  private final Function<String, String> rackOfHost;
  private final DatanodeManager datanodes;

  /**
   * @param rackOfHost the rack of a reader that is not a DataNode, for sorting replicas by distance
   */
  public FsNamesystem(NamesystemConfig cfg, Path nameDir, LongSupplier clock, PlacementPolicy placement,
      Function<String, String> rackOfHost) {
    this(cfg, nameDir, clock, placement, rackOfHost, EditLog::createSegment);
  }

  /** @param segments makes the edit log's next segment at a checkpoint (a test's may be slow) */
  FsNamesystem(NamesystemConfig cfg, Path nameDir, LongSupplier clock, PlacementPolicy placement,
      Function<String, String> rackOfHost, NameDirectory.SegmentMaker segments) {
    this.ns = new Namespace(cfg, clock, placement);
    this.writes = new FileWrites(ns);
    this.nameDirectory = new NameDirectory(ns, nameDir, segments);
    this.rackOfHost = rackOfHost;
    this.datanodes = new DatanodeManager(ns.lock, ns.blocks, this::onReport, clock);
  }

  /** The replication a file gets when its writer asks for none (dfs.replication). */
  int defaultReplication() {
    return ns.cfg.defaultReplication();
  }

  /** DataNode events, reports and administration. */
  public DatanodeManager datanodes() {
    return datanodes;
  }

  /**
   * Loads the image, replays the edit log and opens it for appending ({@link NameDirectory#load}),
   * makes /tmp if missing, and enters safe mode; all under one hold of the lock.
   */
  public void load() throws IOException {
    nameDirectory.prepare();
    ns.lock.lock();
    try {
      long last = nameDirectory.load();
      ensureTmp();
      ns.safeMode.set(SafeModeAction.GET);
      LOG.info("Namespace loaded from {}: {} blocks, last txid {}; in safe mode until blocks are reported",
          nameDirectory, ns.blocks.allBlocks().size(), last);
      ns.safeMode.check();
    } finally {
      ns.lock.unlock();
    }
  }

  /**
   * Makes /tmp when the namespace has none (a new file system, or one whose /tmp was removed),
   * as HDFS administrators do by hand: users share it, the job staging area among them, and
   * only a directory the superuser owns, sticky, keeps them from deleting or replacing each
   * other's entries there. An existing /tmp is the administrator's choice and left as it is.
   * Lock held; nothing else runs yet, so the edit is synced here.
   */
  private void ensureTmp() throws IOException {
    INode tmp = ns.dir.get(TMP);
    if (tmp != null) {
      if (!tmp.isDirectory()) {
        LOG.warn("{} is a file, so users have no shared temporary directory in the DFS", TMP);
      }
      return;
    }
    ns.log(new EditOp.Mkdirs(TMP, ns.policy.tmpPerm(), ns.clock.getAsLong()));
    // At start-up, before any client: nothing waits behind the lock for this fsync.
    ns.editLog.sync(ns.pendingTxid);
    ns.pendingTxid = -1;
    LOG.info("Created {} (owner {}, mode 1777)", TMP, ns.policy.tmpPerm().owner());
  }

  static final String TMP = "/tmp";

  // ---- namespace reads

  public DfsFileStatus getFileInfo(String user, String path) throws IOException {
    PermissionChecker pc = ns.policy.checker(user);
    return ns.locked(() -> {
      ns.checkPath(pc, path, null, null);
      INode n = ns.dir.get(path);
      return n == null ? null : n.toStatus();
    });
  }

  public List<DfsFileStatus> getListing(String user, String path) throws IOException {
    PermissionChecker pc = ns.policy.checker(user);
    return ns.locked(() -> {
      ns.checkPath(pc, path, null, null);
      INode n = ns.dir.get(path);
      if (n == null) {
        throw new FileNotFoundInDfsException("File " + path + " does not exist.");
      }
      if (n.isDirectory()) {
        pc.check(n, PermissionChecker.Access.READ);
      }
      if (n instanceof INodeFile) {
        return List.of(n.toStatus());
      }
      List<DfsFileStatus> out = new ArrayList<>();
      for (INode c : ((INodeDirectory) n).children.values()) {
        out.add(c.toStatus());
      }
      return out;
    });
  }

  public LocatedBlocks getBlockLocations(String user, String path, long offset, long length, String clientHost)
      throws IOException {
    if (offset < 0 || length < 0) {
      throw new IOException("Offset " + offset + " and length " + length + " must not be negative.");
    }
    PermissionChecker pc = ns.policy.checker(user);
    return ns.locked(() -> {
      ns.checkPath(pc, path, null, PermissionChecker.Access.READ);
      INodeFile f = ns.dir.getFile(path);
      String readerRack = readerRack(clientHost);
      List<LocatedBlock> out = new ArrayList<>();
      long pos = 0;
      long end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + Math.max(length, 1);
      for (BlockInfo b : f.blocks) {
        if (!b.committed) {
          break;
        }
        if (pos + b.length > offset && pos < end) {
          out.add(ns.blocks.locate(b, pos, clientHost, readerRack));
        }
        pos += b.length;
      }
      return new LocatedBlocks(f.length(), f.underConstruction(), out);
    });
  }

  private String readerRack(String host) {
    for (DatanodeDescriptor d : ns.blocks.datanodes()) {
      if (d.host.equals(host)) {
        return d.rack;
      }
    }
    return rackOfHost.apply(host);
  }

  // ---- namespace changes

  /** Creates {@code path} and missing parents as {@code user}, who needs write on the nearest existing one. */
  public boolean mkdirs(String path, String user) throws IOException {
    PermissionChecker pc = ns.policy.checker(user);
    return ns.mutate(() -> {
      INode n = ns.dir.get(path);
      if (n != null && n.isDirectory()) {
        ns.checkPath(pc, path, null, null);
        return true;
      }
      ns.policy.checkNewPath(path);
      List<INode> nodes = ns.checkPath(pc, path, PermissionChecker.Access.WRITE, null);
      ns.checkWritable("create directory " + path);
      ns.log(new EditOp.Mkdirs(DfsPaths.normalize(path), ns.policy.newPerm(pc, nodes, true), ns.clock.getAsLong()));
      return true;
    });
  }

  /** DataNodes reported replicas. Lock held. */
  private void onReport() {
    ns.safeMode.check();
    ns.replicasReported.signalAll();
  }

  /**
   * Creates the file and, when {@code clientHost} is given and a DataNode can take it, allocates
   * its first block under the same lock and edit-log sync. The block is null otherwise.
   */
  public CreatedFile create(CreateRequest r, String clientHost) throws IOException {
    return writes.create(r, clientHost);
  }

  public LocatedBlock addBlock(AddBlockRequest r) throws IOException {
    return writes.addBlock(r);
  }

  /** Reopens a closed file for {@code client} to append to, in new blocks after its last one. */
  public io.quern.protocol.dfs.DfsFileStatus append(String user, String path, String client) throws IOException {
    return writes.append(user, path, client);
  }

  public void abandonBlock(String path, String client, long blockId) throws IOException {
    writes.abandonBlock(path, client, blockId);
  }

  public boolean complete(String path, String client, long lastBlockId, long lastLength) throws IOException {
    return writes.complete(path, client, lastBlockId, lastLength);
  }

  public void renewLease(String client) throws IOException {
    ns.lock.lock();
    try {
      if (!ns.leases.renew(client, ns.clock.getAsLong())) {
        LOG.debug("Lease renewal from {} which holds no lease", client);
      }
    } finally {
      ns.lock.unlock();
    }
  }

  public boolean delete(String user, String path, boolean recursive) throws IOException {
    PermissionChecker pc = ns.policy.checker(user);
    return ns.mutate(() -> {
      ns.checkPath(pc, path, PermissionChecker.Access.WRITE, null);
      INode n = ns.dir.get(path);
      if (n == null) {
        return false;
      }
      ns.checkWritable("delete " + path);
      if (!recursive && n instanceof INodeDirectory d && !d.children.isEmpty()) {
        throw new io.quern.protocol.dfs.DirectoryNotEmptyException("Directory " + path + " is not empty.");
      }
      if (n == ns.dir.root) {
        throw new InvalidPathException("Cannot delete the root directory.");
      }
      pc.checkStickyBit(n.parent, n);
      pc.checkSubtreeWritable(n);
      ns.log(new EditOp.Delete(DfsPaths.normalize(path), ns.clock.getAsLong()));
      return true;
    });
  }

  public boolean rename(String user, String src, String dst) throws IOException {
    PermissionChecker pc = ns.policy.checker(user);
    return ns.mutate(() -> {
      ns.checkWritable("rename " + src);
      ns.checkPath(pc, src, PermissionChecker.Access.WRITE, null);
      ns.policy.checkLength(dst);
      INode moved = ns.dir.get(src);
      if (moved == null) {
        throw new FileNotFoundInDfsException("Source " + src + " does not exist.");
      }
      if (moved.parent != null) {
        pc.checkStickyBit(moved.parent, moved);
      }
      // Resolve the final target first so the logged op replays without re-resolving.
      String target = DfsPaths.normalize(dst);
      if (ns.dir.get(target) instanceof INodeDirectory) {
        target = (target.equals("/") ? "" : target) + "/" + DfsPaths.components(src).get(
            DfsPaths.components(src).size() - 1);
      }
      ns.policy.checkNewPath(target);
      ns.checkPath(pc, target, PermissionChecker.Access.WRITE, null);
      ns.log(new EditOp.Rename(DfsPaths.normalize(src), target, ns.clock.getAsLong()));
      return true;
    });
  }

  public boolean setReplication(String user, String path, int replication) throws IOException {
    PermissionChecker pc = ns.policy.checker(user);
    return ns.mutate(() -> {
      ns.checkWritable("set replication of " + path);
      ns.checkPath(pc, path, null, PermissionChecker.Access.WRITE);
      if (replication < 1 || replication > ns.cfg.maxReplication()) {
        throw new InvalidPathException("Replication " + replication + " is outside 1.." + ns.cfg.maxReplication() + ".");
      }
      INode n = ns.dir.get(path);
      if (n == null) {
        throw new FileNotFoundInDfsException("File " + path + " does not exist.");
      }
      if (n.isDirectory()) {
        return false;
      }
      ns.log(new EditOp.SetReplication(DfsPaths.normalize(path), replication));
      return true;
    });
  }

  public void setPermission(String user, String path, short mode) throws IOException {
    if (!Perm.validMode(mode)) {
      throw new IOException("Mode " + Integer.toOctalString(mode) + " is outside 0..1777.");
    }
    PermissionChecker pc = ns.policy.checker(user);
    ns.mutate(() -> {
      ns.checkWritable("set the permission of " + path);
      ns.checkPath(pc, path, null, null);
      INode n = ns.existing(path);
      if (!pc.bypass() && !pc.user.equals(n.owner)) {
        throw NamespacePolicy.notOwner(pc, n, "change its permission");
      }
      ns.log(new EditOp.SetPermission(DfsPaths.normalize(path), mode));
      return null;
    });
  }

  /** Null keeps the owner or group. The owner may change the group to one of its own groups. */
  public void setOwner(String user, String path, String owner, String group) throws IOException {
    if ((owner != null && !owner.matches("[A-Za-z0-9._@$-]{1,255}"))
        || (group != null && !group.matches("[A-Za-z0-9._@$-]{1,255}"))) {
      throw new IOException("Owner '" + owner + "' or group '" + group + "' is not a valid name.");
    }
    PermissionChecker pc = ns.policy.checker(user);
    ns.mutate(() -> {
      ns.checkWritable("set the owner of " + path);
      ns.checkPath(pc, path, null, null);
      INode n = ns.existing(path);
      if (!pc.bypass()) {
        if (owner != null && !owner.equals(n.owner)) {
          throw new io.quern.protocol.dfs.AccessControlException("Permission denied: user=" + pc.user
              + " is not a superuser and cannot change the owner of " + n.fullPath() + " (owner=" + n.owner + ").");
        }
        if (group != null && !group.equals(n.group)) {
          if (!pc.user.equals(n.owner)) {
            throw NamespacePolicy.notOwner(pc, n, "change its group");
          }
          if (!pc.groups.contains(group)) {
            throw new io.quern.protocol.dfs.AccessControlException("Permission denied: user=" + pc.user
                + " is not in group " + group + " and cannot give it " + n.fullPath() + ".");
          }
        }
      }
      ns.log(new EditOp.SetOwner(DfsPaths.normalize(path), owner == null ? n.owner : owner,
          group == null ? n.group : group));
      return null;
    });
  }

  // ---- safe mode and administration

  public boolean setSafeMode(SafeModeAction action) {
    ns.lock.lock();
    try {
      return ns.safeMode.set(action);
    } finally {
      ns.lock.unlock();
    }
  }

  public boolean inSafeMode() {
    return setSafeMode(SafeModeAction.GET);
  }

  /**
   * The namespace's counts for the status page and /metrics, taken under the lock. Corrupt
   * blocks have at least one replica that failed its checksum; missing ones have no live replica.
   */
  public record Summary(boolean safeMode, long files, long directories, long blocks, long underReplicatedBlocks,
      long corruptBlocks, long missingBlocks) {}

  /**
   * Counts files, directories and blocks by state. It walks the namespace and the block map
   * under the lock: fine for pages and scrapes (a million inodes take tens of milliseconds),
   * not for a loop.
   */
  public Summary summary() {
    ns.lock.lock();
    try {
      long[] counts = new long[2];
      count(ns.dir.root, counts);
      long corrupt = 0;
      long total = 0;
      for (BlockInfo b : ns.blocks.allBlocks()) {
        total++;
        if (!b.corrupt.isEmpty()) {
          corrupt++;
        }
      }
      return new Summary(ns.safeMode.on(), counts[0], counts[1], total, ns.blocks.underReplicatedCount(), corrupt,
          ns.blocks.missingCount());
    } finally {
      ns.lock.unlock();
    }
  }

  private static void count(INode n, long[] counts) {
    if (n instanceof INodeDirectory d) {
      counts[1]++;
      for (INode c : d.children.values()) {
        count(c, counts);
      }
    } else {
      counts[0]++;
    }
  }

  // ---- periodic work

  /** One round of the monitor: expired leases, replication work. Returns commands to deliver. */
  public List<DatanodeCommand> monitor() throws IOException {
    return ns.mutate(() -> {
      long now = ns.clock.getAsLong();
      if (!ns.safeMode.on()) {
        for (INodeFile f : ns.leases.expired(now)) {
          writes.recoverLease(f, now);
        }
        ns.blocks.computeReplicationWork(now);
      }
      return ns.blocks.drainCommands();
    });
  }

  // ---- the name directory

  /** Edits logged since the last checkpoint (or start), to checkpoint early when the log grows. */
  public long editsSinceCheckpoint() {
    return nameDirectory.editsSinceCheckpoint();
  }

  /** Writes an image of the current state and starts the edit log afresh: {@link NameDirectory#checkpoint}. */
  public void checkpoint() throws IOException {
    nameDirectory.checkpoint();
  }

  /** The name directory's files, edit log and last checkpoint, for the status page. */
  NameDirectory.Storage storage() {
    return nameDirectory.storage();
  }

  /** A canonical text form of the namespace (paths, files, blocks), to compare states. */
  String describe() {
    ns.lock.lock();
    try {
      return "next=" + ns.nextBlockId + "\n" + ns.dir.describe();
    } finally {
      ns.lock.unlock();
    }
  }

  @Override
  public void close() {
    nameDirectory.close();
  }
}
