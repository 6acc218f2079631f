package io.quern.namenode;

import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.AlreadyBeingCreatedException;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.CreatedFile;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.InvalidPathException;
import io.quern.protocol.dfs.LeaseExpiredException;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.LocatedBlocks;
import io.quern.protocol.dfs.NotEnoughReplicasException;
import io.quern.protocol.dfs.SafeModeAction;
import io.quern.protocol.dfs.SafeModeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  /** Signalled when DataNodes report replicas, for a complete() waiting for its last block's. */
  private final java.util.concurrent.locks.Condition replicasReported = lock.newCondition();
  /** How long complete() waits for the last block's replicas before telling the writer to ask again. */
  private static final long COMPLETE_WAIT_NANOS = 1_000_000_000L;
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
  private static final String IMAGE = "fsimage";
  private static final String EDITS = "edits";
  /** The new segment of a checkpoint in progress; renamed over {@link #EDITS} once the image is written. */
  private static final String EDITS_ROLLED = "edits.new";
  /** Held by the one checkpoint running; never while waiting for {@link #lock}'s holders. */
  private final Object checkpointing = new Object();
  /**
   * The last edit the change holding the lock logged, -1 for none: what {@link #mutate} syncs.
   * A change that waits with the lock released keeps its value aside meanwhile.
   */
  private long pendingTxid = -1;
  /** Last txid in the image; read without the lock for a size estimate only. */
  private volatile long checkpointTxid;
  private final SafeMode safeMode;
  private EditLog editLog;
  private final NamespacePolicy policy;

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
    this.safeMode = new SafeMode(blocks, cfg.safeModeThreshold());
    this.datanodes = new DatanodeManager(lock, blocks, this::onReport);
    this.policy = new NamespacePolicy(cfg);
  }

  // ---- permissions and limits

  /** Resolves {@code path} and runs the checker's path check on it. Lock held. */
  private List<INode> checkPath(PermissionChecker pc, String path, PermissionChecker.Access parentAccess,
      PermissionChecker.Access access) throws IOException {
    policy.checkLength(path);
    List<INode> nodes = dir.inodes(path);
    pc.checkPath(nodes, DfsPaths.components(path).size(), parentAccess, access);
    return nodes;
  }

  /** DataNode events, reports and administration. */
  public DatanodeManager datanodes() {
    return datanodes;
  }

  /** Loads the image, replays the edit log and opens it for appending. Stays in safe mode. */
  public void load() throws IOException {
    io.quern.util.PrivatePaths.privateDir(nameDir, "the NameNode's name directory");
    lock.lock();
    try {
      FsImage.Loaded img = FsImage.load(nameDir.resolve(IMAGE));
      long txid = 0;
      dir = new FsDirectory(clock.getAsLong(), policy.rootPerm());
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
      java.util.function.BiConsumer<Long, EditOp> replayed = (id, op) -> {
        try {
          apply(op);
        } catch (IOException e) {
          throw new IllegalStateException("Edit " + id + " (" + op + ") does not apply: " + e.getMessage(), e);
        }
      };
      long last = EditLog.replay(nameDir.resolve(EDITS), txid, replayed);
      if (java.nio.file.Files.exists(nameDir.resolve(EDITS_ROLLED))) {
        // A checkpoint was cut short after rolling the log: its new segment holds the latest edits.
        last = EditLog.replay(nameDir.resolve(EDITS_ROLLED), last, replayed);
        LOG.info("Finishing a checkpoint cut short: image at txid {}", last);
        FsImage.write(nameDir.resolve(IMAGE), FsImage.encode(dir, last, nextBlockId));
        // Every edit of both segments is in the image now; a crash before this line replays them again.
        io.quern.util.PrivatePaths.replaceFile(nameDir.resolve(EDITS), new byte[0]);
        java.nio.file.Files.delete(nameDir.resolve(EDITS_ROLLED));
        FsImage.syncDirectory(nameDir);
        checkpointTxid = last;
      }
      editLog = new EditLog(nameDir.resolve(EDITS), last);
      ensureTmp();
      safeMode.set(SafeModeAction.GET);
      LOG.info("Namespace loaded from {}: {} blocks, last txid {}; in safe mode until blocks are reported",
          nameDir, blocks.allBlocks().size(), last);
      safeMode.check();
    } finally {
      lock.unlock();
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
    INode tmp = dir.get(TMP);
    if (tmp != null) {
      if (!tmp.isDirectory()) {
        LOG.warn("{} is a file, so users have no shared temporary directory in the DFS", TMP);
      }
      return;
    }
    log(new EditOp.Mkdirs(TMP, policy.tmpPerm(), clock.getAsLong()));
    // At start-up, before any client: nothing waits behind the lock for this fsync.
    editLog.sync(pendingTxid);
    pendingTxid = -1;
    LOG.info("Created {} (owner {}, mode 1777)", TMP, policy.tmpPerm().owner());
  }

  static final String TMP = "/tmp";

  // ---- edits: the same apply serves live changes and replay

  private void apply(EditOp op) throws IOException {
    new EditApplier(dir, blocks, leases, clock.getAsLong()).apply(op);
    if (op instanceof EditOp.AddBlock a) {
      nextBlockId = Math.max(nextBlockId, a.blockId() + 1);
    }
  }

  /** A change to the namespace: runs under the lock, logs its edits with {@link #log}. */
  @FunctionalInterface
  private interface Change<T> {
    T apply() throws IOException;
  }

  /**
   * Runs {@code change} under the lock, then, with the lock released, waits until the edits it
   * logged are on disk: a change is answered only once durable, and the fsync never holds up
   * the readers and writers behind the lock (concurrent changes share one fsync). Edits logged
   * by a change that then failed are synced too, since they are applied already.
   */
  private <T> T mutate(Change<T> change) throws IOException {
    long txid;
    lock.lock();
    try {
      return change.apply();
    } finally {
      txid = pendingTxid;
      pendingTxid = -1;
      lock.unlock();
      if (txid >= 0) {
        editLog.sync(txid);
      }
    }
  }

  /** Runs {@code query} under the lock: a read of the namespace, which logs nothing. */
  private <T> T locked(Change<T> query) throws IOException {
    lock.lock();
    try {
      return query.apply();
    } finally {
      lock.unlock();
    }
  }

  /** Applies a live change and appends it to the log, to be synced when the change ends. Lock held. */
  private void log(EditOp op) throws IOException {
    apply(op);
    pendingTxid = editLog.append(op);
  }

  /** A change repeated after its reply was lost answers from edits already logged: they must be durable too. */
  private void awaitLogged() {
    pendingTxid = Math.max(pendingTxid, editLog.lastTxid());
  }

  private void checkWritable(String what) throws SafeModeException {
    safeMode.checkWritable(what);
  }

  // ---- namespace reads

  public DfsFileStatus getFileInfo(String user, String path) throws IOException {
    PermissionChecker pc = policy.checker(user);
    return locked(() -> {
      checkPath(pc, path, null, null);
      INode n = dir.get(path);
      return n == null ? null : n.toStatus();
    });
  }

  public List<DfsFileStatus> getListing(String user, String path) throws IOException {
    PermissionChecker pc = policy.checker(user);
    return locked(() -> {
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
    });
  }

  public LocatedBlocks getBlockLocations(String user, String path, long offset, long length, String clientHost)
      throws IOException {
    if (offset < 0 || length < 0) {
      throw new IOException("Offset " + offset + " and length " + length + " must not be negative.");
    }
    PermissionChecker pc = policy.checker(user);
    return locked(() -> {
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
    });
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
    PermissionChecker pc = policy.checker(user);
    return mutate(() -> {
      INode n = dir.get(path);
      if (n != null && n.isDirectory()) {
        checkPath(pc, path, null, null);
        return true;
      }
      policy.checkNewPath(path);
      List<INode> nodes = checkPath(pc, path, PermissionChecker.Access.WRITE, null);
      checkWritable("create directory " + path);
      log(new EditOp.Mkdirs(DfsPaths.normalize(path), policy.newPerm(pc, nodes, true), clock.getAsLong()));
      return true;
    });
  }

  public DfsFileStatus create(CreateRequest r) throws IOException {
    return create(r, null).status();
  }

  /**
   * Creates the file and, when {@code clientHost} is given and a DataNode can take it, allocates
   * its first block under the same lock and edit-log sync. The block is null otherwise.
   */
  public CreatedFile create(CreateRequest r, String clientHost) throws IOException {
    PermissionChecker pc = policy.checker(r.owner());
    return mutate(() -> {
      CreatedFile out;
      checkWritable("create " + r.path());
      policy.checkNewPath(r.path());
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
      if (existing instanceof INodeFile f && r.clientName().equals(f.clientName) && repeatedCreate(f)) {
        // The same client asking again (its first reply was lost): the file it made is the answer,
        // once the edit that made it is on disk.
        awaitLogged();
        out = new CreatedFile(f.toStatus(), f.blocks.isEmpty() || clientHost == null ? null
            : locateAgain(f, f.lastBlock(), clientHost, new HashSet<>()));
      } else {
        int open = leases.openFiles(r.clientName());
        if (open >= cfg.limits().maxOpenFilesPerClient()) {
          throw new io.quern.protocol.dfs.TooManyOpenFilesException("Client " + r.clientName() + " already has " + open
              + " files open for writing, the limit (dfs.namenode.max.open.files.per.client); close some first.");
        }
        if (existing instanceof INodeFile f && r.overwrite()) {
          if (f.underConstruction()) {
            throw new AlreadyBeingCreatedException("File " + path + " is being written by " + f.clientName + ".");
          }
          // Overwriting deletes the file and makes a new one of the caller's: a replacement.
          pc.checkStickyBit(f.parent, f);
        }
        // Targets are chosen before anything is logged, so nothing below can fail half-way.
        List<DatanodeDescriptor> targets = clientHost == null ? List.of()
            : blocks.chooseNewTargets(rep, clientHost, new HashSet<>(), bs);
        if (existing instanceof INodeFile && r.overwrite()) {
          log(new EditOp.Delete(path, clock.getAsLong()));
        }
        List<String> parts = DfsPaths.components(path);
        String parent = DfsPaths.join(parts.subList(0, parts.size() - 1));
        if (parts.size() > nodes.size()) {
          // Missing parents are made first, as directories of the caller, then the file in them.
          log(new EditOp.Mkdirs(parent, policy.newPerm(pc, nodes, true), clock.getAsLong()));
        }
        Perm perm = new Perm(pc.user, dir.get(parent).group, policy.newMode(false));
        log(new EditOp.Create(path, rep, bs, perm, r.clientName(), clock.getAsLong()));
        LocatedBlock first = null;
        if (!targets.isEmpty()) {
          long id = nextBlockId;
          log(new EditOp.AddBlock(path, id));
          blocks.get(id).pipeline = targets.stream().map(d -> d.id).toList();
          first = new LocatedBlock(id, 0, 0, BlockManager.refs(targets), false);
        }
        out = new CreatedFile(dir.get(path).toStatus(), first);
      }
      return out;
    });
  }

  /** Whether a file under construction by the asking client holds nothing written yet. Lock held. */
  private static boolean repeatedCreate(INodeFile f) {
    BlockInfo last = f.lastBlock();
    return f.blocks.isEmpty() || (f.blocks.size() == 1 && !last.committed && last.replicas.isEmpty());
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
    return mutate(() -> {
      LocatedBlock out;
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
      log(new EditOp.AddBlock(f.fullPath(), id));
      BlockInfo b = blocks.get(id);
      b.pipeline = targets.stream().map(d -> d.id).toList();
      out = new LocatedBlock(id, f.length(), 0, BlockManager.refs(targets), false);
      return out;
    });
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
    LocatedBlock again = locateAgain(f, last, r.clientHost(), new HashSet<>(r.excludedNodes()));
    if (again != null) {
      LOG.info("addBlock for {} by {} repeated; answering blk_{} again", f.fullPath(), r.clientName(), last.id);
    }
    return again;
  }

  /** The pipeline of an allocated, still empty block, chosen again if a restart forgot it; null if none. */
  private LocatedBlock locateAgain(INodeFile f, BlockInfo last, String clientHost, Set<String> excluded) {
    List<DatanodeDescriptor> targets = new ArrayList<>();
    for (String id : last.pipeline) {
      blocks.datanodes().stream().filter(d -> d.id.equals(id)).findFirst().ifPresent(targets::add);
    }
    if (targets.isEmpty()) {
      // A restart forgot the pipeline: choose one as for a new block.
      targets = blocks.chooseNewTargets(f.replication, clientHost, excluded, f.blockSize);
      last.pipeline = targets.stream().map(d -> d.id).toList();
    }
    if (targets.isEmpty()) {
      return null;
    }
    return new LocatedBlock(last.id, f.length(), 0, BlockManager.refs(targets), false);
  }

  public void abandonBlock(String path, String client, long blockId) throws IOException {
    mutate(() -> {
      INodeFile f = checkLease(path, client);
      BlockInfo last = f.lastBlock();
      if (last == null || last.id != blockId || last.committed) {
        return null;
      }
      log(new EditOp.AbandonBlock(f.fullPath(), blockId));
      return null;
    });
  }

  public boolean complete(String path, String client, long lastBlockId, long lastLength) throws IOException {
    return mutate(() -> {
      boolean done;
      if (alreadyCompleted(path, lastBlockId, lastLength)) {
        return true;
      }
      INodeFile f = checkLease(path, client);
      BlockInfo last = f.lastBlock();
      awaitLogged();
      if (lastBlockId < 0 && last != null && f.blocks.size() == 1 && !last.committed) {
        // Closed without data: the block allocated with the file holds nothing.
        log(new EditOp.AbandonBlock(f.fullPath(), last.id));
        last = null;
      }
      if (last != null && last.id == lastBlockId && !last.committed) {
        log(new EditOp.CommitBlock(f.fullPath(), last.id, lastLength));
      }
      done = awaitReplicas(f, last, client);
      if (done) {
        log(new EditOp.Close(f.fullPath(), clock.getAsLong()));
      }
      return done;
    });
  }

  /**
   * Whether the last block has its minimum replicas reported, waiting a little for them: the
   * DataNodes report in the background after acking the writer, so the report is usually under
   * way. Waiting here answers as soon as it lands, where a writer told "not yet" sleeps and asks
   * again. It also waits, within the same bound, for every live node of each block's pipeline,
   * so that a file located right after close() shows all the replicas its writer was acked for
   * (a job's splits are placed by them). Lock held; released while waiting. False when the file
   * changed hands meanwhile, or the minimum was not reached in time.
   */
  private boolean awaitReplicas(INodeFile f, BlockInfo last, String client) throws IOException {
    if (last == null) {
      return true;
    }
    int minimum = Math.min(cfg.minReplication(), f.replication);
    long deadline = System.nanoTime() + COMPLETE_WAIT_NANOS;
    while (last.replicas.size() < minimum || pipelineUnreported(f)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return last.replicas.size() >= minimum;
      }
      // The lock is released while waiting: other changes run and sync their own edits; this
      // change's stay its own, to be synced when it ends.
      long mine = pendingTxid;
      pendingTxid = -1;
      try {
        replicasReported.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        pendingTxid = mine;
      }
      if (dir.get(f.fullPath()) != f || !client.equals(f.clientName) || f.lastBlock() != last) {
        return false;
      }
    }
    return true;
  }

  /** Whether a live DataNode of some block's pipeline has not reported its replica yet. Lock held. */
  private boolean pipelineUnreported(INodeFile f) {
    for (BlockInfo b : f.blocks) {
      for (String node : b.pipeline) {
        if (!b.replicas.containsKey(node) && blocks.datanode(node) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** DataNodes reported replicas. Lock held. */
  private void onReport() {
    safeMode.check();
    replicasReported.signalAll();
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

  public boolean delete(String user, String path, boolean recursive) throws IOException {
    PermissionChecker pc = policy.checker(user);
    return mutate(() -> {
      checkPath(pc, path, PermissionChecker.Access.WRITE, null);
      INode n = dir.get(path);
      if (n == null) {
        return false;
      }
      checkWritable("delete " + path);
      if (!recursive && n instanceof INodeDirectory d && !d.children.isEmpty()) {
        throw new io.quern.protocol.dfs.DirectoryNotEmptyException("Directory " + path + " is not empty.");
      }
      if (n == dir.root) {
        throw new InvalidPathException("Cannot delete the root directory.");
      }
      pc.checkStickyBit(n.parent, n);
      pc.checkSubtreeWritable(n);
      log(new EditOp.Delete(DfsPaths.normalize(path), clock.getAsLong()));
      return true;
    });
  }

  public boolean rename(String user, String src, String dst) throws IOException {
    PermissionChecker pc = policy.checker(user);
    return mutate(() -> {
      checkWritable("rename " + src);
      checkPath(pc, src, PermissionChecker.Access.WRITE, null);
      policy.checkLength(dst);
      INode moved = dir.get(src);
      if (moved == null) {
        throw new FileNotFoundInDfsException("Source " + src + " does not exist.");
      }
      if (moved.parent != null) {
        pc.checkStickyBit(moved.parent, moved);
      }
      // Resolve the final target first so the logged op replays without re-resolving.
      String target = DfsPaths.normalize(dst);
      if (dir.get(target) instanceof INodeDirectory) {
        target = (target.equals("/") ? "" : target) + "/" + DfsPaths.components(src).get(
            DfsPaths.components(src).size() - 1);
      }
      policy.checkNewPath(target);
      checkPath(pc, target, PermissionChecker.Access.WRITE, null);
      log(new EditOp.Rename(DfsPaths.normalize(src), target, clock.getAsLong()));
      return true;
    });
  }

  public boolean setReplication(String user, String path, int replication) throws IOException {
    PermissionChecker pc = policy.checker(user);
    return mutate(() -> {
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
      log(new EditOp.SetReplication(DfsPaths.normalize(path), replication));
      return true;
    });
  }

  public void setPermission(String user, String path, short mode) throws IOException {
    if (!Perm.validMode(mode)) {
      throw new IOException("Mode " + Integer.toOctalString(mode) + " is outside 0..1777.");
    }
    PermissionChecker pc = policy.checker(user);
    mutate(() -> {
      checkWritable("set the permission of " + path);
      checkPath(pc, path, null, null);
      INode n = existing(path);
      if (!pc.bypass() && !pc.user.equals(n.owner)) {
        throw NamespacePolicy.notOwner(pc, n, "change its permission");
      }
      log(new EditOp.SetPermission(DfsPaths.normalize(path), mode));
      return null;
    });
  }

  /** Null keeps the owner or group. The owner may change the group to one of its own groups. */
  public void setOwner(String user, String path, String owner, String group) throws IOException {
    if ((owner != null && !owner.matches("[A-Za-z0-9._@$-]{1,255}"))
        || (group != null && !group.matches("[A-Za-z0-9._@$-]{1,255}"))) {
      throw new IOException("Owner '" + owner + "' or group '" + group + "' is not a valid name.");
    }
    PermissionChecker pc = policy.checker(user);
    mutate(() -> {
      checkWritable("set the owner of " + path);
      checkPath(pc, path, null, null);
      INode n = existing(path);
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
      log(new EditOp.SetOwner(DfsPaths.normalize(path), owner == null ? n.owner : owner,
          group == null ? n.group : group));
      return null;
    });
  }

  private INode existing(String path) throws IOException {
    INode n = dir.get(path);
    if (n == null) {
      throw new FileNotFoundInDfsException("File " + path + " does not exist.");
    }
    return n;
  }

  // ---- safe mode and administration

  public boolean setSafeMode(SafeModeAction action) {
    lock.lock();
    try {
      return safeMode.set(action);
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
    return mutate(() -> {
      long now = clock.getAsLong();
      if (!safeMode.on()) {
        for (INodeFile f : leases.expired(now)) {
          recoverLease(f, now);
        }
        blocks.computeReplicationWork(now);
      }
      return blocks.drainCommands();
    });
  }

  /**
   * The writer is gone: keep the last block only if some DataNode finalized it (the writer then
   * had declared its length), otherwise drop it, and close the file. Lock held.
   */
  private void recoverLease(INodeFile f, long now) throws IOException {
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
    log(new EditOp.Close(path, now));
  }

  /** Edits logged since the last checkpoint (or start), to checkpoint early when the log grows. */
  public long editsSinceCheckpoint() {
    return editLog.lastTxid() - checkpointTxid;
  }

  /**
   * Writes an image of the current state and starts the edit log afresh. Under the lock only the
   * edit log rolls to a new segment and the namespace is serialized in memory; the image is
   * written and the old segment dropped after. A crash at any point leaves an image and the
   * segments with every edit after it: {@link #load} replays both and finishes the checkpoint.
   */
  public void checkpoint() throws IOException {
    synchronized (checkpointing) {
      long txid;
      byte[] image;
      lock.lock();
      try {
        txid = editLog.roll(nameDir.resolve(EDITS_ROLLED));
        image = FsImage.encode(dir, txid, nextBlockId);
      } finally {
        lock.unlock();
      }
      finishCheckpoint(image);
      editLog.renamed(nameDir.resolve(EDITS));
      checkpointTxid = txid;
      LOG.info("Checkpoint written at txid {} in {}", txid, nameDir);
    }
  }

  /** Writes the image, then makes the rolled segment the edit log, replacing the one the image holds. */
  private void finishCheckpoint(byte[] image) throws IOException {
    FsImage.write(nameDir.resolve(IMAGE), image);
    java.nio.file.Files.move(nameDir.resolve(EDITS_ROLLED), nameDir.resolve(EDITS),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    FsImage.syncDirectory(nameDir);
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
