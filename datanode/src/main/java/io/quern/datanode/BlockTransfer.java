package io.quern.datanode;

import io.quern.fs.PipelineTimeouts;
import io.quern.protocol.Checks;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The DataNode's side of block transfer: write locally while forwarding down the pipeline.
 * Several chunks of a block may be in flight at once, each its own call; the store puts them in
 * offset order, and each call's return is that chunk's ack from this node and all downstream. A local
 * failure (disk full, corrupt data) is thrown so the upstream sees this node failed; a failure
 * to forward, or no answer from the next node within {@link PipelineTimeouts#downstreamWait}, is
 * returned in the ack naming the next node, and an ack naming a node further down is passed up
 * unchanged, so the writer drops exactly the node that failed.
 */
final class BlockTransfer implements BlockTransferProtocol {
  private static final Logger LOG = LogManager.getLogger(BlockTransfer.class);

  private final String selfId;
  private final BlockStore store;
  private final Function<DatanodeRef, BlockTransferProtocol> peers;
  /** Thread-safe (its own monitor). */
  private final ReportQueue reports;
  /** Runs forwards; unbounded, since a forward waits on other DataNodes that may wait on this one. Thread-safe. */
  private final Executor forwarders;
  private final BlockTokens tokens;

  /** Whether a DataNode of that id is registered at that address (ZooKeeper, in the daemon). */
  private final java.util.function.Predicate<DatanodeRef> registered;
  /** Serves short-circuit reads on this host; null when this DataNode serves none. */
  private final LocalReadServer localReads;
  /**
   * This node's RPC read timeout: the longest any caller waits for it, since a caller's socket
   * to this node has the timeouts of the stub this node exported.
   */
  private final long readTimeoutMs;

  BlockTransfer(String selfId, BlockStore store, Function<DatanodeRef, BlockTransferProtocol> peers,
      ReportQueue reports, Executor forwarders, BlockTokens tokens,
      java.util.function.Predicate<DatanodeRef> registered, LocalReadServer localReads, long readTimeoutMs) {
    if (readTimeoutMs < 1) {
      throw new IllegalArgumentException("read timeout must be positive, got " + readTimeoutMs + " ms");
    }
    this.readTimeoutMs = readTimeoutMs;
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
    long waitMs = nextWait(c.ackWaitMs(), c.downstream().size());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    WriteChunk forNext = c.forNext(waitMs);
    CompletableFuture<WriteAck> forwarded = CompletableFuture.supplyAsync(() -> forward(next, forNext), forwarders);
    IOException local = null;
    try {
      writeLocally(c);
    } catch (IOException e) {
      local = e;
    }
    // Even when the local write failed, the downstream call ends (or is given up) before this one does.
    WriteAck ack = awaitNext(forwarded, next, deadline, waitMs, "blk_" + c.blockId() + " at offset " + c.offset());
    if (local != null) {
      throw local;
    }
    return ack;
  }

  /** How long this node waits for the next one, when its caller said it waits {@code saidMs} (0: nothing). */
  private long nextWait(long saidMs, int downstream) {
    return PipelineTimeouts.downstreamWait(PipelineTimeouts.callerWait(saidMs, readTimeoutMs), downstream);
  }

  /**
   * The next node's ack, or one naming the next node if it has not answered by {@code deadline}:
   * this node must answer its caller before the caller gives up on it, else the caller would drop
   * this healthy node instead of the next one. The call left behind ends at its socket timeout.
   */
  private WriteAck awaitNext(CompletableFuture<WriteAck> forwarded, DatanodeRef next, long deadline, long waitMs,
      String what) throws IOException {
    try {
      return forwarded.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      LOG.warn("{} from {}: {} did not answer within {} ms; the writer drops {} from the pipeline",
          what, selfId, next.id(), waitMs, next.id());
      return new WriteAck(List.of(next.id()));
    } catch (ExecutionException e) {
      LOG.warn("{} from {}: the call to {} failed ({}); the writer drops {} from the pipeline",
          what, selfId, next.id(), e.getCause(), next.id());
      return new WriteAck(List.of(next.id()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted waiting for " + next.id() + " to write " + what + ".");
    }
  }

  /**
   * Writes the chunk here; the block's last chunk also finalizes the replica before the call returns. Its report
   * goes out in the background, batched with those of other writes: waiting for the NameNode
   * in every node of every pipeline made small files slow, and complete() waits for it instead.
   */
  private void writeLocally(WriteChunk c) throws IOException {
    if (!c.last()) {
      store.write(c.blockId(), c.offset(), c.data(), c.checksums(), c.bytesPerChecksum());
      return;
    }
    reports.received(store.writeLast(c.blockId(), c.offset(), c.data(), c.checksums(), c.bytesPerChecksum()));
    reports.flushSoon();
  }

  private WriteAck forward(DatanodeRef next, WriteChunk c) {
    try {
      return peers.apply(next).writeChunk(c);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Forwarding blk_{} at offset {} from {} to {} failed ({}); the writer drops {} from the pipeline",
          c.blockId(), c.offset(), selfId, next.id(), e.getMessage(), next.id());
      return new WriteAck(List.of(next.id()));
    }
  }

  @Override
  public WriteAck finalizeBlock(long blockId, long length, List<DatanodeRef> downstream, byte[] accessToken,
      long ackWaitMs) throws IOException {
    authorize(blockId, accessToken, BlockTokens.Access.WRITE);
    checkPipeline(downstream);
    Checks.nonNegative(ackWaitMs, "ackWaitMs");
    // Finalizing fsyncs; forwarding first lets every node of the pipeline fsync at the same time.
    long waitMs = downstream.isEmpty() ? 0 : nextWait(ackWaitMs, downstream.size());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    CompletableFuture<WriteAck> forwarded = downstream.isEmpty() ? CompletableFuture.completedFuture(WriteAck.OK)
        : CompletableFuture.supplyAsync(() -> forwardFinalize(blockId, length, downstream, accessToken, waitMs),
            forwarders);
    IOException local = null;
    try {
      reports.received(store.finalizeReplica(blockId, length));
      reports.flushSoon();
    } catch (IOException e) {
      local = e;
    }
    WriteAck ack = downstream.isEmpty() ? WriteAck.OK
        : awaitNext(forwarded, downstream.get(0), deadline, waitMs, "Finalizing blk_" + blockId);
    if (local != null) {
      throw local;
    }
    return ack;
  }

  private WriteAck forwardFinalize(long blockId, long length, List<DatanodeRef> downstream, byte[] accessToken,
      long waitMs) {
    DatanodeRef next = downstream.get(0);
    try {
      return peers.apply(next).finalizeBlock(blockId, length, List.copyOf(downstream.subList(1, downstream.size())),
          accessToken, waitMs);
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
