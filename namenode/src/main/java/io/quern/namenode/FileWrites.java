package io.quern.namenode;

import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.AlreadyBeingCreatedException;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.CreatedFile;
import io.quern.protocol.dfs.InvalidPathException;
import io.quern.protocol.dfs.LeaseExpiredException;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.NotEnoughReplicasException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * How files are written: create with a first block, further blocks, abandon, complete (waiting
 * briefly for the last block's replicas), and the close of a file whose writer's lease expired.
 * Each entry point is a {@link Namespace#mutate change}; repeated calls whose reply was lost
 * (a NameNode restart, a retry) get the same answer again rather than a second effect.
 */
final class FileWrites {
  private static final Logger LOG = LogManager.getLogger(FileWrites.class);
  /** How long complete() waits for the last block's replicas before telling the writer to ask again. */
  private static final long COMPLETE_WAIT_NANOS = 1_000_000_000L;

  private final Namespace ns;

  FileWrites(Namespace ns) {
    this.ns = ns;
  }

  /**
   * Creates the file and, when {@code clientHost} is given and a DataNode can take it, allocates
   * its first block under the same lock and edit-log sync. The block is null otherwise.
   */
  CreatedFile create(CreateRequest r, String clientHost) throws IOException {
    PermissionChecker pc = ns.policy.checker(r.owner());
    return ns.mutate(() -> {
      CreatedFile out;
      ns.checkWritable("create " + r.path());
      ns.policy.checkNewPath(r.path());
      String path = DfsPaths.normalize(r.path());
      INode target = ns.dir.get(path);
      List<INode> nodes = ns.checkPath(pc, path, PermissionChecker.Access.WRITE,
          r.overwrite() && target instanceof INodeFile ? PermissionChecker.Access.WRITE : null);
      int rep = r.replication() > 0 ? r.replication() : ns.cfg.defaultReplication();
      long bs = r.blockSize() > 0 ? r.blockSize() : ns.cfg.defaultBlockSize();
      if (rep > ns.cfg.maxReplication()) {
        throw new InvalidPathException("Replication " + rep + " for " + path + " exceeds the maximum "
            + ns.cfg.maxReplication() + ".");
      }
      if (bs % ns.cfg.bytesPerChecksum() != 0) {
        throw new InvalidPathException("Block size " + bs + " for " + path + " is not a multiple of "
            + ns.cfg.bytesPerChecksum() + " bytes.");
      }
      INode existing = ns.dir.get(path);
      if (existing instanceof INodeFile f && r.clientName().equals(f.clientName) && repeatedCreate(f)) {
        // The same client asking again (its first reply was lost): the file it made is the answer,
        // once the edit that made it is on disk.
        ns.awaitLogged();
        out = new CreatedFile(f.toStatus(), f.blocks.isEmpty() || clientHost == null ? null
            : locateAgain(f, f.lastBlock(), clientHost, new HashSet<>()));
      } else {
        int open = ns.leases.openFiles(r.clientName());
        if (open >= ns.cfg.limits().maxOpenFilesPerClient()) {
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
            : ns.blocks.chooseNewTargets(rep, clientHost, new HashSet<>(), bs);
        if (existing instanceof INodeFile && r.overwrite()) {
          ns.log(new EditOp.Delete(path, ns.clock.getAsLong()));
        }
        List<String> parts = DfsPaths.components(path);
        String parent = DfsPaths.join(parts.subList(0, parts.size() - 1));
        if (parts.size() > nodes.size()) {
          // Missing parents are made first, as directories of the caller, then the file in them.
          ns.log(new EditOp.Mkdirs(parent, ns.policy.newPerm(pc, nodes, true), ns.clock.getAsLong()));
        }
        Perm perm = new Perm(pc.user, ns.dir.get(parent).group, ns.policy.newMode(false));
        ns.log(new EditOp.Create(path, rep, bs, perm, r.clientName(), ns.clock.getAsLong()));
        LocatedBlock first = null;
        if (!targets.isEmpty()) {
          long id = ns.nextBlockId;
          ns.log(new EditOp.AddBlock(path, id));
          ns.blocks.get(id).pipeline = targets.stream().map(d -> d.id).toList();
          first = new LocatedBlock(id, 0, 0, BlockManager.refs(targets), false);
        }
        out = new CreatedFile(ns.dir.get(path).toStatus(), first);
      }
      return out;
    });
  }

  /**
   * Reopens a closed file for appending. The data goes into new blocks after the last one, which
   * stays as it is (possibly short of a full block): a committed replica never changes, so
   * readers, the block scanner and re-replication need nothing new. The client gets a lease as
   * for create; repeated by the same client (a lost reply), it answers the file again.
   */
  io.quern.protocol.dfs.DfsFileStatus append(String user, String path, String client) throws IOException {
    PermissionChecker pc = ns.policy.checker(user);
    return ns.mutate(() -> {
      ns.checkWritable("append to " + path);
      String p = DfsPaths.normalize(path);
      INode n = ns.dir.get(p);
      if (n == null) {
        throw new io.quern.protocol.dfs.FileNotFoundInDfsException("File " + p + " does not exist.");
      }
      if (!(n instanceof INodeFile f)) {
        throw new InvalidPathException("Cannot append to " + p + ": it is a directory.");
      }
      ns.checkPath(pc, p, null, PermissionChecker.Access.WRITE);
      if (f.underConstruction()) {
        if (client.equals(f.clientName)) {
          ns.awaitLogged();
          return f.toStatus();
        }
        throw new AlreadyBeingCreatedException("File " + p + " is being written by " + f.clientName + ".");
      }
      int open = ns.leases.openFiles(client);
      if (open >= ns.cfg.limits().maxOpenFilesPerClient()) {
        throw new io.quern.protocol.dfs.TooManyOpenFilesException("Client " + client + " already has " + open
            + " files open for writing, the limit (dfs.namenode.max.open.files.per.client); close some first.");
      }
      ns.log(new EditOp.Append(p, client, ns.clock.getAsLong()));
      return f.toStatus();
    });
  }

  /** Whether a file under construction by the asking client holds nothing written yet. Lock held. */
  private static boolean repeatedCreate(INodeFile f) {
    BlockInfo last = f.lastBlock();
    return f.blocks.isEmpty() || (f.blocks.size() == 1 && !last.committed && last.replicas.isEmpty());
  }

  private INodeFile checkLease(String path, String client) throws IOException {
    INode n = ns.dir.get(path);
    if (!(n instanceof INodeFile f)) {
      throw new LeaseExpiredException("File " + path + " is gone; the write by " + client + " cannot go on.");
    }
    if (!client.equals(f.clientName)) {
      throw new LeaseExpiredException("Client " + client + " does not hold the lease on " + path
          + " (it expired or the file was closed).");
    }
    return f;
  }

  LocatedBlock addBlock(AddBlockRequest r) throws IOException {
    return ns.mutate(() -> {
      LocatedBlock out;
      INodeFile f = checkLease(r.path(), r.clientName());
      ns.leases.renew(r.clientName(), ns.clock.getAsLong());
      BlockInfo last = f.lastBlock();
      LocatedBlock repeated = repeatedAddBlock(f, r);
      if (repeated != null) {
        return repeated;
      }
      if (r.previousBlockId() >= 0 && last != null && last.id == r.previousBlockId() && !last.committed) {
        ns.log(new EditOp.CommitBlock(f.fullPath(), last.id, r.previousLength()));
      }
      List<DatanodeDescriptor> targets = ns.blocks.chooseNewTargets(f.replication, r.clientHost(),
          new HashSet<>(r.excludedNodes()), f.blockSize);
      if (targets.isEmpty()) {
        throw new NotEnoughReplicasException("No DataNode can take a new block of " + r.path()
            + " (none alive, all full or leaving, or all excluded after failures).");
      }
      long id = ns.nextBlockId;
      ns.log(new EditOp.AddBlock(f.fullPath(), id));
      BlockInfo b = ns.blocks.get(id);
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
      ns.blocks.datanodes().stream().filter(d -> d.id.equals(id)).findFirst().ifPresent(targets::add);
    }
    if (targets.isEmpty()) {
      // A restart forgot the pipeline: choose one as for a new block.
      targets = ns.blocks.chooseNewTargets(f.replication, clientHost, excluded, f.blockSize);
      last.pipeline = targets.stream().map(d -> d.id).toList();
    }
    if (targets.isEmpty()) {
      return null;
    }
    return new LocatedBlock(last.id, f.length(), 0, BlockManager.refs(targets), false);
  }

  void abandonBlock(String path, String client, long blockId) throws IOException {
    ns.mutate(() -> {
      INodeFile f = checkLease(path, client);
      BlockInfo last = f.lastBlock();
      if (last == null || last.id != blockId || last.committed) {
        return null;
      }
      ns.log(new EditOp.AbandonBlock(f.fullPath(), blockId));
      return null;
    });
  }

  boolean complete(String path, String client, long lastBlockId, long lastLength) throws IOException {
    return ns.mutate(() -> {
      boolean done;
      if (alreadyCompleted(path, lastBlockId, lastLength)) {
        return true;
      }
      INodeFile f = checkLease(path, client);
      BlockInfo last = f.lastBlock();
      ns.awaitLogged();
      if (lastBlockId < 0 && last != null && f.blocks.size() == 1 && !last.committed) {
        // Closed without data: the block allocated with the file holds nothing.
        ns.log(new EditOp.AbandonBlock(f.fullPath(), last.id));
        last = null;
      }
      if (last != null && last.id == lastBlockId && !last.committed) {
        ns.log(new EditOp.CommitBlock(f.fullPath(), last.id, lastLength));
      }
      done = awaitReplicas(f, last, client);
      if (done) {
        ns.log(new EditOp.Close(f.fullPath(), ns.clock.getAsLong()));
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
    int minimum = Math.min(ns.cfg.minReplication(), f.replication);
    long deadline = System.nanoTime() + COMPLETE_WAIT_NANOS;
    while (last.replicas.size() < minimum || pipelineUnreported(f)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return last.replicas.size() >= minimum;
      }
      // The lock is released while waiting: other changes run and sync their own edits; this
      // change's stay its own, to be synced when it ends.
      long mine = ns.pendingTxid;
      ns.pendingTxid = -1;
      try {
        ns.replicasReported.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        ns.pendingTxid = mine;
      }
      if (ns.dir.get(f.fullPath()) != f || !client.equals(f.clientName) || f.lastBlock() != last) {
        return false;
      }
    }
    return true;
  }

  /** Whether a live DataNode of some block's pipeline has not reported its replica yet. Lock held. */
  private boolean pipelineUnreported(INodeFile f) {
    for (BlockInfo b : f.blocks) {
      for (String node : b.pipeline) {
        if (!b.replicas.containsKey(node) && ns.blocks.datanode(node) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A complete repeated after its reply was lost: the file is closed and ends with the block
   * the writer names, at its length. Lock held.
   */
  private boolean alreadyCompleted(String path, long lastBlockId, long lastLength) throws IOException {
    if (!(ns.dir.get(path) instanceof INodeFile f) || f.underConstruction()) {
      return false;
    }
    BlockInfo last = f.lastBlock();
    return last == null ? lastBlockId < 0 : last.id == lastBlockId && last.length == lastLength;
  }

  /**
   * The writer is gone: keep the last block only if some DataNode finalized it (the writer then
   * had declared its length), otherwise drop it, and close the file. Lock held.
   */
  void recoverLease(INodeFile f, long now) throws IOException {
    String path = f.fullPath();
    LOG.info("Lease of {} on {} expired; closing the file at its last complete block", f.clientName, path);
    BlockInfo last = f.lastBlock();
    if (last != null && !last.committed) {
      if (!last.replicas.isEmpty()) {
        ns.log(new EditOp.CommitBlock(path, last.id, last.replicas.values().iterator().next()));
      } else {
        ns.log(new EditOp.AbandonBlock(path, last.id));
      }
    }
    ns.log(new EditOp.Close(path, now));
  }
}
