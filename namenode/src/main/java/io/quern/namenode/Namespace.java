package io.quern.namenode;

import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.SafeModeException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The NameNode's mutable state and the one lock that guards all of it: the namespace tree, the
 * block map, leases, safe mode and the edit log's tail. A change runs through {@link #mutate}:
 * under the lock it checks, applies and logs its edits; with the lock released it waits until
 * they are on disk, so a change is answered only once durable and no fsync holds up the others.
 * Reads run through {@link #locked}.
 */
final class Namespace {
  /** A change to, or a read of, the namespace; runs under the lock. */
  @FunctionalInterface
  interface Change<T> {
    T apply() throws IOException;
  }

  /** The one lock of the NameNode's state; nothing blocking (RPC, fsync, ZooKeeper) runs under it but at start-up and close. */
  final ReentrantLock lock = new ReentrantLock();
  /** Signalled when DataNodes report replicas, for a complete() waiting for its last block's. Of {@link #lock}. */
  final Condition replicasReported = lock.newCondition();
  final NamesystemConfig cfg;
  final NamespacePolicy policy;
  final LongSupplier clock;
  // Guarded by lock, all of the following but editLog.
  /** The namespace tree. Guarded by lock (replaced only by NameDirectory.load). */
  FsDirectory dir;
  final BlockManager blocks;
  final LeaseManager leases;
  final SafeMode safeMode;
  /** Guarded by lock. */
  long nextBlockId = 1;
  /**
   * Written once, by {@link NameDirectory#load} under the lock before the NameNode serves;
   * read without the lock after ({@link #mutate}'s sync, the checkpoint size estimate). The log
   * guards its own state with its monitor, always taken after this lock, never before.
   */
  EditLog editLog;
  /**
   * The last edit the change holding the lock logged, -1 for none: what {@link #mutate} syncs.
   * A change that waits with the lock released keeps its value aside meanwhile. Guarded by lock.
   */
  long pendingTxid = -1;

  Namespace(NamesystemConfig cfg, LongSupplier clock, PlacementPolicy placement) {
    this.cfg = cfg;
    this.clock = clock;
    this.policy = new NamespacePolicy(cfg);
    this.blocks = new BlockManager(placement, cfg.maxStreamsPerNode(), cfg.pendingTimeoutMs());
    this.leases = new LeaseManager(cfg.leaseTimeoutMs());
    this.safeMode = new SafeMode(blocks, cfg.safeModeThreshold());
  }

  /**
   * Runs {@code change} under the lock, then, with the lock released, waits until the edits it
   * logged are on disk (concurrent changes share one fsync). Edits logged by a change that then
   * failed are synced too, since they are applied already.
   */
  <T> T mutate(Change<T> change) throws IOException {
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
  <T> T locked(Change<T> query) throws IOException {
    lock.lock();
    try {
      return query.apply();
    } finally {
      lock.unlock();
    }
  }

  /** Applies an edit to the state: the same code serves live changes and replay. Lock held. */
  void apply(EditOp op) throws IOException {
    new EditApplier(dir, blocks, leases, clock.getAsLong()).apply(op);
    if (op instanceof EditOp.AddBlock a) {
      nextBlockId = Math.max(nextBlockId, a.blockId() + 1);
    }
  }

  /** Applies a live change and appends it to the log, to be synced when the change ends. Lock held. */
  void log(EditOp op) throws IOException {
    apply(op);
    pendingTxid = editLog.append(op);
  }

  /** A change repeated after its reply was lost answers from edits already logged: they must be durable too. */
  void awaitLogged() {
    pendingTxid = Math.max(pendingTxid, editLog.lastTxid());
  }

  void checkWritable(String what) throws SafeModeException {
    safeMode.checkWritable(what);
  }

  /** Resolves {@code path} and runs the checker's path check on it. Lock held. */
  List<INode> checkPath(PermissionChecker pc, String path, PermissionChecker.Access parentAccess,
      PermissionChecker.Access access) throws IOException {
    policy.checkLength(path);
    List<INode> nodes = dir.inodes(path);
    pc.checkPath(nodes, DfsPaths.components(path).size(), parentAccess, access);
    return nodes;
  }

  /** The inode at {@code path}; FileNotFound if there is none. Lock held. */
  INode existing(String path) throws IOException {
    INode n = dir.get(path);
    if (n == null) {
      throw new FileNotFoundInDfsException("File " + path + " does not exist.");
    }
    return n;
  }
}
