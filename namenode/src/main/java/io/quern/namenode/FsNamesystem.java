package io.quern.namenode;

import io.quern.protocol.AddBlockRequest;
import io.quern.protocol.AlreadyBeingCreatedException;
import io.quern.protocol.CreateRequest;
import io.quern.protocol.DfsFileStatus;
import io.quern.protocol.FileNotFoundInDfsException;
import io.quern.protocol.InvalidPathException;
import io.quern.protocol.LeaseExpiredException;
import io.quern.protocol.LocatedBlock;
import io.quern.protocol.LocatedBlocks;
import io.quern.protocol.NotEnoughReplicasException;
import io.quern.protocol.SafeModeAction;
import io.quern.protocol.SafeModeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NameNode's state and operations: namespace, block map, leases and safe mode behind one
 * lock. RMI threads, the membership listener and the monitor thread all call in here; nothing in
 * here does I/O under the lock except appending to the in-memory edit buffer. A change returns
 * only after its edit is fsync'd ({@link EditLog#sync} after the lock is released).
 */
public final class FsNamesystem implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(FsNamesystem.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final NamesystemConfig cfg;
  private final LongSupplier clock;
  private final Path nameDir;
  private final Function<String, String> rackOfHost;
  // @GuardedBy("lock") — all of the following.
  private FsDirectory dir;
  private final BlockManager blocks;
  private final LeaseManager leases;
  private final DatanodeManager datanodes;
  private long nextBlockId = 1;
  /** Last txid in the image; read without the lock for a size estimate only. */
  private volatile long checkpointTxid;
  private boolean startupSafeMode = true;
  private boolean manualSafeMode;
  private EditLog editLog;
  private final PermissionChecker.Groups groups;

  /**
   * @param rackOfHost the rack of a reader that is not a DataNode, for sorting replicas by distance
   */
  public FsNamesystem(NamesystemConfig cfg, Path nameDir, LongSupplier clock, PlacementPolicy placement,
      Function<String, String> rackOfHost) {
    this.cfg = cfg;
    this.nameDir = nameDir;
    this.clock = clock;
    this.rackOfHost = rackOfHost;
    this.blocks = new BlockManager(placement, cfg.maxStreamsPerNode(), cfg.pendingTimeoutMs());
    this.leases = new LeaseManager(cfg.leaseTimeoutMs());
    this.blocks.safeMode = true;
    this.datanodes = new DatanodeManager(lock, blocks, this::checkSafeMode);
    this.groups = new PermissionChecker.Groups(cfg.permissions());
  }

  // ---- permissions and limits

  /** The root of a new file system: the superuser's, group super group, 0755. */
  private Perm rootPerm() {
    return new Perm(cfg.permissions().superuser(), cfg.permissions().superGroup(), (short) 0755);
  }

  private PermissionChecker checker(String user) throws IOException {
    return user == null ? PermissionChecker.superuser(cfg.permissions().superuser()) : groups.checkerFor(user);
  }

  /** Rejects a path longer than the limit before any work is done on it. */
  private void checkLength(String path) throws InvalidPathException {
    if (path != null && path.length() > cfg.limits().maxPathLength()) {
      throw new InvalidPathException("Path of " + path.length() + " characters exceeds the limit of "
          + cfg.limits().maxPathLength() + " (dfs.namenode.fs-limits.max-path-length).");
    }
  }

  /** Limits on a path about to be created. */
  private void checkNewPath(String path) throws InvalidPathException {
    checkLength(path);
    List<String> parts = DfsPaths.components(path);
    NamesystemConfig.Limits l = cfg.limits();
    if (parts.size() > l.maxDepth()) {
      throw new InvalidPathException("Path " + abbreviate(path) + " is " + parts.size()
          + " directories deep, more than the limit of " + l.maxDepth() + " (dfs.namenode.fs-limits.max-directory-depth).");
    }
    for (String c : parts) {
      if (c.length() > l.maxComponentLength()) {
        throw new InvalidPathException("Path component '" + abbreviate(c) + "' of " + c.length()
            + " characters exceeds the limit of " + l.maxComponentLength()
            + " (dfs.namenode.fs-limits.max-component-length).");
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Resolves {@code path} and runs the checker's path check on it. Lock held. */
  private List<INode> checkPath(PermissionChecker pc, String path, PermissionChecker.Access parentAccess,
      PermissionChecker.Access access) throws IOException {
    checkLength(path);
    List<INode> nodes = dir.inodes(path);
    pc.checkPath(nodes, DfsPaths.components(path).size(), parentAccess, access);
    return nodes;
  }

  private short newMode(boolean directory) {
    return (short) ((directory ? 0777 : 0666) & ~cfg.permissions().umask());
  }

  /** A new inode's permission: the caller owns it, it takes the group of its nearest existing ancestor. */
  private Perm newPerm(PermissionChecker pc, List<INode> nodes, boolean directory) {
    INode ancestor = nodes.get(nodes.size() - 1);
    return new Perm(pc.user, ancestor.group, newMode(directory));
  }

  /** DataNode events, reports and administration. */
  public DatanodeManager datanodes() {
    return datanodes;
  }

  /** Loads the image, replays the edit log and opens it for appending. Stays in safe mode. */
  public void load() throws IOException {
    Files.createDirectories(nameDir);
    lock.lock();
    try {
      FsImage.Loaded img = FsImage.load(nameDir.resolve("fsimage"));
      long txid = 0;
      dir = new FsDirectory(clock.getAsLong(), rootPerm());
      if (img != null) {
        dir = img.dir();
        txid = img.txid();
        checkpointTxid = txid;
        nextBlockId = img.nextBlockId();
        List<INodeFile> files = new ArrayList<>();
        FsDirectory.collectFiles(dir.root, files);
        for (INodeFile f : files) {
          f.blocks.forEach(blocks::addBlock);
          if (f.underConstruction()) {
            leases.add(f.clientName, f, clock.getAsLong());
          }
        }
      }
      long last = EditLog.replay(nameDir.resolve("edits"), txid, (id, op) -> {
        try {
          apply(op);
        } catch (IOException e) {
          throw new IllegalStateException("Edit " + id + " (" + op + ") does not apply: " + e.getMessage(), e);
        }
      });
      editLog = new EditLog(nameDir.resolve("edits"), last);
      blocks.safeMode = true;
      LOG.info("Namespace loaded from {}: {} blocks, last txid {}; in safe mode until blocks are reported",
          nameDir, blocks.allBlocks().size(), last);
      checkSafeMode();
    } finally {
      lock.unlock();
    }
  }

  // ---- edits: the same apply serves live changes and replay

  private void apply(EditOp op) throws IOException {
    new EditApplier(dir, blocks, leases, clock.getAsLong()).apply(op);
    if (op instanceof EditOp.AddBlock a) {
      nextBlockId = Math.max(nextBlockId, a.blockId() + 1);
    }
  }

  /** Applies a live change and appends it to the log; returns the txid to sync. Lock held. */
  private long log(EditOp op) throws IOException {
    apply(op);
    return editLog.append(op);
  }

  private void checkWritable(String what) throws SafeModeException {
    if (startupSafeMode || manualSafeMode) {
      throw new SafeModeException("Cannot " + what + ": the NameNode is in safe mode.", !manualSafeMode);
    }
  }

  // ---- namespace reads

  public DfsFileStatus getFileInfo(String path) throws IOException {
    return getFileInfo(null, path);
  }

  public DfsFileStatus getFileInfo(String user, String path) throws IOException {
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      checkPath(pc, path, null, null);
      INode n = dir.get(path);
      return n == null ? null : n.toStatus();
    } finally {
      lock.unlock();
    }
  }

  public List<DfsFileStatus> getListing(String path) throws IOException {
    return getListing(null, path);
  }

  public List<DfsFileStatus> getListing(String user, String path) throws IOException {
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      checkPath(pc, path, null, null);
      INode n = dir.get(path);
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
    } finally {
      lock.unlock();
    }
  }

  public LocatedBlocks getBlockLocations(String path, long offset, long length, String clientHost)
      throws IOException {
    return getBlockLocations(null, path, offset, length, clientHost);
  }

  public LocatedBlocks getBlockLocations(String user, String path, long offset, long length, String clientHost)
      throws IOException {
    if (offset < 0 || length < 0) {
      throw new IOException("Offset " + offset + " and length " + length + " must not be negative.");
    }
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      checkPath(pc, path, null, PermissionChecker.Access.READ);
      INodeFile f = dir.getFile(path);
      String readerRack = readerRack(clientHost);
      List<LocatedBlock> out = new ArrayList<>();
      long pos = 0;
      long end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + Math.max(length, 1);
      for (BlockInfo b : f.blocks) {
        if (!b.committed) {
          break;
        }
        if (pos + b.length > offset && pos < end) {
          out.add(blocks.locate(b, pos, clientHost, readerRack));
        }
        pos += b.length;
      }
      return new LocatedBlocks(f.length(), f.underConstruction(), out);
    } finally {
      lock.unlock();
    }
  }

  private String readerRack(String host) {
    for (DatanodeDescriptor d : blocks.datanodes()) {
      if (d.host.equals(host)) {
        return d.rack;
      }
    }
    return rackOfHost.apply(host);
  }

  // ---- namespace changes

  /** Creates {@code path} and missing parents as {@code user}, who needs write on the nearest existing one. */
  public boolean mkdirs(String path, String user) throws IOException {
    long txid;
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      INode n = dir.get(path);
      if (n != null && n.isDirectory()) {
        checkPath(pc, path, null, null);
        return true;
      }
      checkNewPath(path);
      List<INode> nodes = checkPath(pc, path, PermissionChecker.Access.WRITE, null);
      checkWritable("create directory " + path);
      txid = log(new EditOp.Mkdirs(DfsPaths.normalize(path), newPerm(pc, nodes, true), clock.getAsLong()));
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
    return true;
  }

  public DfsFileStatus create(CreateRequest r) throws IOException {
    long txid;
    DfsFileStatus st;
    PermissionChecker pc = checker(r.owner());
    lock.lock();
    try {
      checkWritable("create " + r.path());
      checkNewPath(r.path());
      String path = DfsPaths.normalize(r.path());
      INode target = dir.get(path);
      List<INode> nodes = checkPath(pc, path, PermissionChecker.Access.WRITE,
          r.overwrite() && target instanceof INodeFile ? PermissionChecker.Access.WRITE : null);
      int rep = r.replication() > 0 ? r.replication() : cfg.defaultReplication();
      long bs = r.blockSize() > 0 ? r.blockSize() : cfg.defaultBlockSize();
      if (rep > cfg.maxReplication()) {
        throw new InvalidPathException("Replication " + rep + " for " + path + " exceeds the maximum "
            + cfg.maxReplication() + ".");
      }
      if (bs % cfg.bytesPerChecksum() != 0) {
        throw new InvalidPathException("Block size " + bs + " for " + path + " is not a multiple of "
            + cfg.bytesPerChecksum() + " bytes.");
      }
      INode existing = dir.get(path);
      if (existing instanceof INodeFile f && r.clientName().equals(f.clientName) && f.blocks.isEmpty()) {
        // The same client asking again (its first reply was lost): the file it made is the answer.
        return f.toStatus();
      }
      int open = leases.openFiles(r.clientName());
      if (open >= cfg.limits().maxOpenFilesPerClient()) {
        throw new io.quern.protocol.TooManyOpenFilesException("Client " + r.clientName() + " already has " + open
            + " files open for writing, the limit (dfs.namenode.max.open.files.per.client); close some first.");
      }
      if (existing instanceof INodeFile f && r.overwrite()) {
        if (f.underConstruction()) {
          throw new AlreadyBeingCreatedException("File " + path + " is being written by " + f.clientName + ".");
        }
        log(new EditOp.Delete(path, clock.getAsLong()));
      }
      List<String> parts = DfsPaths.components(path);
      String parent = DfsPaths.join(parts.subList(0, parts.size() - 1));
      if (parts.size() > nodes.size()) {
        // Missing parents are made first, as directories of the caller, then the file in them.
        log(new EditOp.Mkdirs(parent, newPerm(pc, nodes, true), clock.getAsLong()));
      }
      Perm perm = new Perm(pc.user, dir.get(parent).group, newMode(false));
      txid = log(new EditOp.Create(path, rep, bs, perm, r.clientName(), clock.getAsLong()));
      st = dir.get(path).toStatus();
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
    return st;
  }

  private INodeFile checkLease(String path, String client) throws IOException {
    INode n = dir.get(path);
    if (!(n instanceof INodeFile f)) {
      throw new LeaseExpiredException("File " + path + " is gone; the write by " + client + " cannot go on.");
    }
    if (!client.equals(f.clientName)) {
      throw new LeaseExpiredException("Client " + client + " does not hold the lease on " + path
          + " (it expired or the file was closed).");
    }
    return f;
  }

  public LocatedBlock addBlock(AddBlockRequest r) throws IOException {
    long txid;
    LocatedBlock out;
    lock.lock();
    try {
      INodeFile f = checkLease(r.path(), r.clientName());
      leases.renew(r.clientName(), clock.getAsLong());
      BlockInfo last = f.lastBlock();
      LocatedBlock repeated = repeatedAddBlock(f, r);
      if (repeated != null) {
        return repeated;
      }
      if (r.previousBlockId() >= 0 && last != null && last.id == r.previousBlockId() && !last.committed) {
        log(new EditOp.CommitBlock(f.fullPath(), last.id, r.previousLength()));
      }
      List<DatanodeDescriptor> targets = blocks.chooseNewTargets(f.replication, r.clientHost(),
          new HashSet<>(r.excludedNodes()), f.blockSize);
      if (targets.isEmpty()) {
        throw new NotEnoughReplicasException("No DataNode can take a new block of " + r.path()
            + " (none alive, all full or leaving, or all excluded after failures).");
      }
      long id = nextBlockId;
      txid = log(new EditOp.AddBlock(f.fullPath(), id));
      BlockInfo b = blocks.get(id);
      b.pipeline = targets.stream().map(d -> d.id).toList();
      out = new LocatedBlock(id, f.length(), 0, BlockManager.refs(targets), false);
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
    return out;
  }

  /**
   * A writer repeating an addBlock whose reply it lost (the NameNode restarted meanwhile) finds
   * the block that call added, still empty, after the one it names as previous: it gets that
   * block again rather than a second one. Null when this is not such a repeat. Lock held.
   */
  private LocatedBlock repeatedAddBlock(INodeFile f, AddBlockRequest r) {
    BlockInfo last = f.lastBlock();
    if (last == null || last.committed || last.id == r.previousBlockId() || !last.replicas.isEmpty()) {
      return null;
    }
    int n = f.blocks.size();
    long before = n >= 2 ? f.blocks.get(n - 2).id : -1;
    if (before != r.previousBlockId()) {
      return null;
    }
    List<DatanodeDescriptor> targets = new ArrayList<>();
    for (String id : last.pipeline) {
      blocks.datanodes().stream().filter(d -> d.id.equals(id)).findFirst().ifPresent(targets::add);
    }
    if (targets.isEmpty()) {
      // A restart forgot the pipeline: choose one as for a new block.
      targets = blocks.chooseNewTargets(f.replication, r.clientHost(), new HashSet<>(r.excludedNodes()), f.blockSize);
      last.pipeline = targets.stream().map(d -> d.id).toList();
    }
    if (targets.isEmpty()) {
      return null;
    }
    LOG.info("addBlock for {} by {} repeated; answering blk_{} again", f.fullPath(), r.clientName(), last.id);
    return new LocatedBlock(last.id, f.length(), 0, BlockManager.refs(targets), false);
  }

  public void abandonBlock(String path, String client, long blockId) throws IOException {
    long txid;
    lock.lock();
    try {
      INodeFile f = checkLease(path, client);
      BlockInfo last = f.lastBlock();
      if (last == null || last.id != blockId || last.committed) {
        return;
      }
      txid = log(new EditOp.AbandonBlock(f.fullPath(), blockId));
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
  }

  public boolean complete(String path, String client, long lastBlockId, long lastLength) throws IOException {
    long txid;
    boolean done;
    lock.lock();
    try {
      if (alreadyCompleted(path, lastBlockId, lastLength)) {
        return true;
      }
      INodeFile f = checkLease(path, client);
      BlockInfo last = f.lastBlock();
      txid = editLog.lastTxid();
      if (last != null && last.id == lastBlockId && !last.committed) {
        txid = log(new EditOp.CommitBlock(f.fullPath(), last.id, lastLength));
      }
      done = last == null || last.replicas.size() >= Math.min(cfg.minReplication(), f.replication);
      if (done) {
        txid = log(new EditOp.Close(f.fullPath(), clock.getAsLong()));
      }
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
    return done;
  }

  /**
   * A complete repeated after its reply was lost: the file is closed and ends with the block
   * the writer names, at its length. Lock held.
   */
  private boolean alreadyCompleted(String path, long lastBlockId, long lastLength) throws IOException {
    if (!(dir.get(path) instanceof INodeFile f) || f.underConstruction()) {
      return false;
    }
    BlockInfo last = f.lastBlock();
    return last == null ? lastBlockId < 0 : last.id == lastBlockId && last.length == lastLength;
  }

  public void renewLease(String client) throws IOException {
    lock.lock();
    try {
      if (!leases.renew(client, clock.getAsLong())) {
        LOG.debug("Lease renewal from {} which holds no lease", client);
      }
    } finally {
      lock.unlock();
    }
  }

  public boolean delete(String path, boolean recursive) throws IOException {
    return delete(null, path, recursive);
  }

  public boolean delete(String user, String path, boolean recursive) throws IOException {
    long txid;
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      checkPath(pc, path, PermissionChecker.Access.WRITE, null);
      INode n = dir.get(path);
      if (n == null) {
        return false;
      }
      checkWritable("delete " + path);
      if (!recursive && n instanceof INodeDirectory d && !d.children.isEmpty()) {
        throw new io.quern.protocol.DirectoryNotEmptyException("Directory " + path + " is not empty.");
      }
      if (n == dir.root) {
        throw new InvalidPathException("Cannot delete the root directory.");
      }
      pc.checkSubtreeWritable(n);
      txid = log(new EditOp.Delete(DfsPaths.normalize(path), clock.getAsLong()));
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
    return true;
  }

  public boolean rename(String src, String dst) throws IOException {
    return rename(null, src, dst);
  }

  public boolean rename(String user, String src, String dst) throws IOException {
    long txid;
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      checkWritable("rename " + src);
      checkPath(pc, src, PermissionChecker.Access.WRITE, null);
      checkLength(dst);
      if (dir.get(src) == null) {
        throw new FileNotFoundInDfsException("Source " + src + " does not exist.");
      }
      // Resolve the final target first so the logged op replays without re-resolving.
      String target = DfsPaths.normalize(dst);
      if (dir.get(target) instanceof INodeDirectory) {
        target = (target.equals("/") ? "" : target) + "/" + DfsPaths.components(src).get(
            DfsPaths.components(src).size() - 1);
      }
      checkNewPath(target);
      checkPath(pc, target, PermissionChecker.Access.WRITE, null);
      txid = log(new EditOp.Rename(DfsPaths.normalize(src), target, clock.getAsLong()));
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
    return true;
  }

  public boolean setReplication(String path, int replication) throws IOException {
    return setReplication(null, path, replication);
  }

  public boolean setReplication(String user, String path, int replication) throws IOException {
    long txid;
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      checkWritable("set replication of " + path);
      checkPath(pc, path, null, PermissionChecker.Access.WRITE);
      if (replication < 1 || replication > cfg.maxReplication()) {
        throw new InvalidPathException("Replication " + replication + " is outside 1.." + cfg.maxReplication() + ".");
      }
      INode n = dir.get(path);
      if (n == null) {
        throw new FileNotFoundInDfsException("File " + path + " does not exist.");
      }
      if (n.isDirectory()) {
        return false;
      }
      txid = log(new EditOp.SetReplication(DfsPaths.normalize(path), replication));
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
    return true;
  }

  public void setPermission(String user, String path, short mode) throws IOException {
    if (mode < 0 || mode > 0777) {
      throw new IOException("Mode " + Integer.toOctalString(mode) + " is outside 0..777.");
    }
    long txid;
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      checkWritable("set the permission of " + path);
      checkPath(pc, path, null, null);
      INode n = existing(path);
      if (!pc.bypass() && !pc.user.equals(n.owner)) {
        throw notOwner(pc, n, "change its permission");
      }
      txid = log(new EditOp.SetPermission(DfsPaths.normalize(path), mode));
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
  }

  /** Null keeps the owner or group. The owner may change the group to one of its own groups. */
  public void setOwner(String user, String path, String owner, String group) throws IOException {
    if ((owner != null && !owner.matches("[A-Za-z0-9._@$-]{1,255}"))
        || (group != null && !group.matches("[A-Za-z0-9._@$-]{1,255}"))) {
      throw new IOException("Owner '" + owner + "' or group '" + group + "' is not a valid name.");
    }
    long txid;
    PermissionChecker pc = checker(user);
    lock.lock();
    try {
      checkWritable("set the owner of " + path);
      checkPath(pc, path, null, null);
      INode n = existing(path);
      if (!pc.bypass()) {
        if (owner != null && !owner.equals(n.owner)) {
          throw new io.quern.protocol.AccessControlException("Permission denied: user=" + pc.user
              + " is not a superuser and cannot change the owner of " + n.fullPath() + " (owner=" + n.owner + ").");
        }
        if (group != null && !group.equals(n.group)) {
          if (!pc.user.equals(n.owner)) {
            throw notOwner(pc, n, "change its group");
          }
          if (!pc.groups.contains(group)) {
            throw new io.quern.protocol.AccessControlException("Permission denied: user=" + pc.user
                + " is not in group " + group + " and cannot give it " + n.fullPath() + ".");
          }
        }
      }
      txid = log(new EditOp.SetOwner(DfsPaths.normalize(path), owner == null ? n.owner : owner,
          group == null ? n.group : group));
    } finally {
      lock.unlock();
    }
    editLog.sync(txid);
  }

  private INode existing(String path) throws IOException {
    INode n = dir.get(path);
    if (n == null) {
      throw new FileNotFoundInDfsException("File " + path + " does not exist.");
    }
    return n;
  }

  private static io.quern.protocol.AccessControlException notOwner(PermissionChecker pc, INode n, String what) {
    return new io.quern.protocol.AccessControlException("Permission denied: user=" + pc.user
        + " is not the owner of " + n.fullPath() + " (owner=" + n.owner + ") and cannot " + what + ".");
  }

  // ---- safe mode and administration

  /** Lock held. Leaves start-up safe mode once enough committed blocks have a replica. */
  private void checkSafeMode() {
    if (!startupSafeMode) {
      return;
    }
    long total = 0;
    long safe = 0;
    for (BlockInfo b : blocks.allBlocks()) {
      if (b.committed) {
        total++;
        if (!b.replicas.isEmpty()) {
          safe++;
        }
      }
    }
    if (total == 0 || safe >= Math.ceil(total * cfg.safeModeThreshold())) {
      startupSafeMode = false;
      blocks.safeMode = manualSafeMode;
      LOG.info("Leaving start-up safe mode: {} of {} blocks have a reported replica", safe, total);
      if (!manualSafeMode) {
        blocks.allBlocks().forEach(blocks::check);
      }
    }
  }

  public boolean setSafeMode(SafeModeAction action) {
    lock.lock();
    try {
      switch (action) {
        case ENTER -> manualSafeMode = true;
        case LEAVE -> {
          manualSafeMode = false;
          if (startupSafeMode) {
            LOG.info("Safe mode left by an administrator before enough blocks were reported");
          }
          startupSafeMode = false;
        }
        case GET -> { }
      }
      boolean on = startupSafeMode || manualSafeMode;
      if (blocks.safeMode && !on) {
        blocks.safeMode = false;
        blocks.allBlocks().forEach(blocks::check);
      }
      blocks.safeMode = on;
      return on;
    } finally {
      lock.unlock();
    }
  }

  public boolean inSafeMode() {
    return setSafeMode(SafeModeAction.GET);
  }

  // ---- periodic work

  /** One round of the monitor: expired leases, replication work. Returns commands to deliver. */
  public List<DatanodeCommand> monitor() throws IOException {
    long txid = -1;
    List<DatanodeCommand> out;
    lock.lock();
    try {
      long now = clock.getAsLong();
      if (!startupSafeMode && !manualSafeMode) {
        for (INodeFile f : leases.expired(now)) {
          txid = recoverLease(f, now);
        }
        blocks.computeReplicationWork(now);
      }
      out = blocks.drainCommands();
    } finally {
      lock.unlock();
    }
    if (txid >= 0) {
      editLog.sync(txid);
    }
    return out;
  }

  /**
   * The writer is gone: keep the last block only if some DataNode finalized it (the writer then
   * had declared its length), otherwise drop it, and close the file. Lock held.
   */
  private long recoverLease(INodeFile f, long now) throws IOException {
    String path = f.fullPath();
    LOG.info("Lease of {} on {} expired; closing the file at its last complete block", f.clientName, path);
    BlockInfo last = f.lastBlock();
    if (last != null && !last.committed) {
      if (!last.replicas.isEmpty()) {
        log(new EditOp.CommitBlock(path, last.id, last.replicas.values().iterator().next()));
      } else {
        log(new EditOp.AbandonBlock(path, last.id));
      }
    }
    return log(new EditOp.Close(path, now));
  }

  /** Edits logged since the last checkpoint (or start), to checkpoint early when the log grows. */
  public long editsSinceCheckpoint() {
    return editLog.lastTxid() - checkpointTxid;
  }

  /** Writes an image of the current state and empties the edit log. */
  public void checkpoint() throws IOException {
    lock.lock();
    try {
      long txid = editLog.lastTxid();
      editLog.sync(txid);
      FsImage.save(nameDir.resolve("fsimage"), dir, txid, nextBlockId);
      editLog.truncate();
      checkpointTxid = txid;
      LOG.info("Checkpoint written at txid {} in {}", txid, nameDir);
    } finally {
      lock.unlock();
    }
  }

  /** A canonical text form of the namespace (paths, files, blocks), to compare states. */
  String describe() {
    lock.lock();
    try {
      return "next=" + nextBlockId + "\n" + dir.describe();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (editLog != null) {
        editLog.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
