package io.quern.datanode;

import io.quern.fs.ChunkChecksums;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.ReadChunk;
import io.quern.protocol.dfs.WriteAck;
import io.quern.protocol.dfs.WriteChunk;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Executes the NameNode's copy orders: streams a local finalized replica, 1 MiB at a time, down a
 * pipeline of targets. A local replica that fails its checksum is reported instead of copied.
 */
final class Replicator {
  private static final Logger LOG = LogManager.getLogger(Replicator.class);

  private final String selfId;
  private final BlockStore store;
  private final Function<DatanodeRef, BlockTransferProtocol> peers;
  /** Thread-safe (its own monitor). */
  private final ReportQueue reports;
  private final int chunkSize;

  Replicator(String selfId, BlockStore store, Function<DatanodeRef, BlockTransferProtocol> peers,
      ReportQueue reports, int chunkSize) {
    this.selfId = selfId;
    this.store = store;
    this.peers = peers;
    this.reports = reports;
    this.chunkSize = chunkSize;
  }

  void replicate(long blockId, List<DatanodeRef> targets) {
    try {
      long length = store.length(blockId);
      BlockTransferProtocol first = peers.apply(targets.get(0));
      List<DatanodeRef> downstream = List.copyOf(targets.subList(1, targets.size()));
      for (long off = 0; off < length; off += chunkSize) {
        ReadChunk c = store.read(blockId, off, chunkSize);
        if (ChunkChecksums.firstMismatch(c.data(), c.checksums(), c.bytesPerChecksum()) >= 0) {
          LOG.warn("Copy of blk_{} from {} stopped: the local replica is corrupt; reporting it", blockId, selfId);
          reports.corrupt(blockId);
          reports.flush();
          return;
        }
        WriteAck ack = first.writeChunk(new WriteChunk(blockId, off, c.data(), c.checksums(), c.bytesPerChecksum(),
            downstream));
        if (!ack.failed().isEmpty()) {
          LOG.warn("Copy of blk_{} from {}: {} failed; the NameNode schedules it again", blockId, selfId, ack.failed());
        }
      }
      // DataNode to DataNode: no task, no token; the wait is the target's own read timeout.
      first.finalizeBlock(blockId, length, downstream, null, 0);
      LOG.info("Copied blk_{} ({} bytes) from {} to {}", blockId, length, selfId, targets);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Copy of blk_{} from {} to {} failed ({}); the NameNode schedules it again after its timeout",
          blockId, selfId, targets, e.getMessage());
    }
  }
}
