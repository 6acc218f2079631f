package io.quern.datanode;

import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.LocalReadGrant;
import io.quern.protocol.dfs.ReadChunk;
import io.quern.protocol.dfs.WriteAck;
import io.quern.protocol.dfs.WriteChunk;
import io.quern.rpc.CallContext;
import io.quern.security.BlockTokens;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The DataNode's side of block transfer: write locally while forwarding down the pipeline.
 * Several chunks of a block may be in flight at once, each its own call; the store puts them in
 * offset order, and each call's return is that chunk's ack from this node and all downstream. A local
 * failure (disk full, corrupt data) is thrown so the upstream sees this node failed; a failure
 * to forward is returned in the ack, naming the next node, so the writer rebuilds the pipeline.
 */
final class BlockTransfer implements BlockTransferProtocol {
  private static final Logger LOG = LogManager.getLogger(BlockTransfer.class);

  private final String selfId;
  private final BlockStore store;
  private final Function<DatanodeRef, BlockTransferProtocol> peers;
  private final ReportQueue reports;
  /** Runs forwards; unbounded, since a forward waits on other DataNodes that may wait on this one. */
  private final Executor forwarders;
  private final BlockTokens tokens;

  /** Whether a DataNode of that id is registered at that address (ZooKeeper, in the daemon). */
  private final java.util.function.Predicate<DatanodeRef> registered;
  /** Serves short-circuit reads on this host; null when this DataNode serves none. */
  private final LocalReadServer localReads;

  BlockTransfer(String selfId, BlockStore store, Function<DatanodeRef, BlockTransferProtocol> peers,
      ReportQueue reports, Executor forwarders, BlockTokens tokens,
      java.util.function.Predicate<DatanodeRef> registered, LocalReadServer localReads) {
    this.registered = registered;
    this.localReads = localReads;
    this.tokens = tokens;
    this.selfId = selfId;
    this.store = store;
    this.peers = peers;
    this.reports = reports;
    this.forwarders = forwarders;
  }

  @Override
  public WriteAck writeChunk(WriteChunk c) throws IOException {
    authorize(c.blockId(), c.accessToken(), BlockTokens.Access.WRITE);
    checkPipeline(c.downstream());
    if (c.downstream().isEmpty()) {
      writeLocally(c);
      return WriteAck.OK;
    }
    // Forward while writing locally, so a chunk costs the slowest hop rather than the sum of them.
    DatanodeRef next = c.downstream().get(0);
    CompletableFuture<WriteAck> forwarded = CompletableFuture.supplyAsync(() -> forward(next, c), forwarders);
    IOException local = null;
    try {
      writeLocally(c);
    } catch (IOException e) {
      local = e;
    }
    // Even when the local write failed, the downstream call ends before this one does.
    WriteAck ack = forwarded.join();
    if (local != null) {
      throw local;
    }
    return ack;
  }

  /**
   * Writes the chunk here; a whole block is also finalized before the call returns. Its report
   * goes out in the background, batched with those of other writes: waiting for the NameNode
   * in every node of every pipeline made small files slow, and complete() waits for it instead.
   */
  private void writeLocally(WriteChunk c) throws IOException {
    if (!c.whole()) {
      store.write(c.blockId(), c.offset(), c.data(), c.checksums(), c.bytesPerChecksum());
      return;
    }
    reports.received(store.writeWhole(c.blockId(), c.data(), c.checksums(), c.bytesPerChecksum()));
    reports.flushSoon();
  }

  private WriteAck forward(DatanodeRef next, WriteChunk c) {
    try {
      return peers.apply(next).writeChunk(c.forNext());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Forwarding blk_{} at offset {} from {} to {} failed ({}); the writer drops {} from the pipeline",
          c.blockId(), c.offset(), selfId, next.id(), e.getMessage(), next.id());
      return new WriteAck(List.of(next.id()));
    }
  }

  @Override
  public WriteAck finalizeBlock(long blockId, long length, List<DatanodeRef> downstream, byte[] accessToken)
      throws IOException {
    authorize(blockId, accessToken, BlockTokens.Access.WRITE);
    checkPipeline(downstream);
    // Finalizing fsyncs; forwarding first lets every node of the pipeline fsync at the same time.
    CompletableFuture<WriteAck> forwarded = downstream.isEmpty() ? CompletableFuture.completedFuture(WriteAck.OK)
        : CompletableFuture.supplyAsync(() -> forwardFinalize(blockId, length, downstream, accessToken), forwarders);
    IOException local = null;
    try {
      reports.received(store.finalizeReplica(blockId, length));
      reports.flushSoon();
    } catch (IOException e) {
      local = e;
    }
    WriteAck ack = forwarded.join();
    if (local != null) {
      throw local;
    }
    return ack;
  }

  private WriteAck forwardFinalize(long blockId, long length, List<DatanodeRef> downstream, byte[] accessToken) {
    DatanodeRef next = downstream.get(0);
    try {
      return peers.apply(next).finalizeBlock(blockId, length, List.copyOf(downstream.subList(1, downstream.size())),
          accessToken);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Finalizing blk_{} on {} (from {}) failed ({}); it is re-replicated later",
          blockId, next.id(), selfId, e.getMessage());
      return new WriteAck(List.of(next.id()));
    }
  }

  @Override
  public void truncateReplica(long blockId, long length, byte[] accessToken) throws IOException {
    authorize(blockId, accessToken, BlockTokens.Access.WRITE);
    store.truncate(blockId, length);
  }

  @Override
  public ReadChunk readChunk(long blockId, long offset, int length, byte[] accessToken) throws IOException {
    authorize(blockId, accessToken, BlockTokens.Access.READ);
    return store.read(blockId, offset, Math.min(length, 4 << 20));
  }

  @Override
  public LocalReadGrant requestLocalRead(long blockId, byte[] accessToken) throws IOException {
    authorize(blockId, accessToken, BlockTokens.Access.READ);
    if (localReads == null) {
      throw new IOException("DataNode " + selfId + " serves no short-circuit reads (see dfs.domain.socket.path).");
    }
    return localReads.grant(blockId, store.length(blockId));
  }

  /**
   * A task names the DataNodes this one forwards to: only registered DataNodes at their own
   * addresses, so that a task cannot make a DataNode dial a place of its choosing.
   */
  private void checkPipeline(List<DatanodeRef> downstream) throws IOException {
    if (CallContext.currentJobUser().isEmpty()) {
      return;
    }
    for (DatanodeRef d : downstream) {
      if (!registered.test(d)) {
        throw new io.quern.protocol.dfs.AccessControlException("Pipeline refused: " + d.id() + " at " + d.host() + ":"
            + d.port() + " is not a registered DataNode.");
      }
    }
  }

  /** A task must show a token for the block and access; cluster members and local calls need none. */
  private void authorize(long blockId, byte[] token, BlockTokens.Access access) throws IOException {
    java.util.Optional<String> taskUser = CallContext.currentJobUser();
    if (taskUser.isPresent()) {
      tokens.check(token, blockId, taskUser.get(), access, System.currentTimeMillis());
    }
  }
}
