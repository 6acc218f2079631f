package io.quern.namenode;

import java.io.IOException;
import java.util.List;

/**
 * Applies one edit to the namespace, block map and leases. The same code runs for a live change
 * (before it is logged) and for replay at start-up, so the two cannot drift apart. Called with
 * the {@link Namespace#lock} held.
 */
final class EditApplier {
  private final FsDirectory dir;
  private final BlockManager blocks;
  private final LeaseManager leases;
  private final long now;

  EditApplier(FsDirectory dir, BlockManager blocks, LeaseManager leases, long now) {
    this.dir = dir;
    this.blocks = blocks;
    this.leases = leases;
    this.now = now;
  }

  private INode node(String path) throws IOException {
    INode n = dir.get(path);
    if (n == null) {
      throw new io.quern.protocol.dfs.FileNotFoundInDfsException("File " + path + " does not exist.");
    }
    return n;
  }

  void apply(EditOp op) throws IOException {
    if (op instanceof EditOp.Mkdirs m) {
      dir.mkdirs(m.path(), m.perm(), m.time());
    } else if (op instanceof EditOp.Create c) {
      INodeFile f = dir.addFile(c.path(), c.replication(), c.blockSize(), c.perm(), c.client(), c.time());
      leases.add(c.client(), f, now);
    } else if (op instanceof EditOp.AddBlock a) {
      INodeFile f = dir.getFile(a.path());
      BlockInfo b = new BlockInfo(a.blockId(), f);
      f.blocks.add(b);
      blocks.addBlock(b);
    } else if (op instanceof EditOp.CommitBlock c) {
      BlockInfo b = blocks.get(c.blockId());
      if (b == null) {
        throw new IOException("unknown block blk_" + c.blockId());
      }
      b.length = c.length();
      b.committed = true;
      for (var e : List.copyOf(b.replicas.entrySet())) {
        if (e.getValue() != c.length()) {
          blocks.markCorrupt(b, e.getKey());
        }
      }
      blocks.check(b);
    } else if (op instanceof EditOp.AbandonBlock a) {
      INodeFile f = dir.getFile(a.path());
      BlockInfo b = blocks.get(a.blockId());
      if (b != null) {
        f.blocks.remove(b);
        blocks.removeBlock(b);
      }
    } else if (op instanceof EditOp.Append a) {
      INodeFile f = dir.getFile(a.path());
      f.clientName = a.client();
      leases.add(a.client(), f, now);
    } else if (op instanceof EditOp.Close c) {
      INodeFile f = dir.getFile(c.path());
      if (f.clientName != null) {
        leases.remove(f.clientName, f);
      }
      f.clientName = null;
      f.modificationTime = c.time();
      f.blocks.forEach(blocks::check);
    } else if (op instanceof EditOp.Delete d) {
      for (INodeFile f : dir.delete(d.path(), true, d.time())) {
        if (f.clientName != null) {
          leases.remove(f.clientName, f);
        }
        f.blocks.forEach(blocks::removeBlock);
      }
    } else if (op instanceof EditOp.Rename r) {
      dir.rename(r.src(), r.dst(), r.time());
    } else if (op instanceof EditOp.SetPermission sp) {
      node(sp.path()).mode = sp.mode();
    } else if (op instanceof EditOp.SetOwner so) {
      INode n = node(so.path());
      n.owner = so.owner();
      n.group = so.group();
    } else if (op instanceof EditOp.SetReplication sr) {
      INodeFile f = dir.getFile(sr.path());
      f.replication = sr.replication();
      f.blocks.forEach(blocks::check);
    }
  }
}
