package io.quern.fs;

import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.WriteAck;
import io.quern.protocol.dfs.WriteChunk;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes a DFS file in chunks (1 MiB) down the block's pipeline, keeping up to {@code
 * dfs.client.write.window} chunks in flight: each chunk is one call on a transfer thread, and its
 * return is the ack of every node of the pipeline. A block's first chunk goes alone, since it
 * creates the replicas; the DataNodes put later chunks in offset order. Memory is bounded by the
 * window, never a whole block. The chunk that ends a block (it fills the block, or the file is
 * being closed) carries the finalize: each node finalizes its replica in that call, so a block
 * costs no separate finalize round trip down the pipeline.
 *
 * <p>When a DataNode fails, every call in flight is let finish, the node is dropped, the survivors
 * are cut back to the last length acknowledged by the whole pipeline, and the unacknowledged
 * chunks are resent; the NameNode re-replicates the block later. The node dropped is the one the
 * ack names (the first node that failed, as the node before it saw), or the first node when the
 * call to it failed: the nodes wait less for each other than this stream waits for the first one
 * ({@link PipelineTimeouts}), so a hung node further down is named before that call times out.
 * Not thread-safe, like any OutputStream: only the writing thread touches this object's fields;
 * transfer threads only run the calls.
 */
final class DfsOutputStream extends OutputStream {
  private static final Logger LOG = LogManager.getLogger(DfsOutputStream.class);
  private static final int MIN_BUFFER = 8192;

  /** A chunk of the current block, kept until the whole pipeline acknowledged it; {@code last} if it ends the block. */
  private record Chunk(long offset, byte[] data, long[] sums, boolean last) {
    long end() {
      return offset + data.length;
    }
  }

  /** A chunk being sent, the node it went to, and the call's outcome. */
  private record InFlight(Chunk chunk, DatanodeRef first, Future<WriteAck> ack) {}

  private final DfsClient client;
  private final String path;
  private final long blockSize;
  private final int chunkSize;
  private final int window;
  /**
   * Grows to the chunk size as data comes, so a small file never allocates a whole chunk: a
   * 1 MiB array per file made many small files a garbage-collection load.
   */
  private byte[] buf = new byte[0];
  /** Capacity for the next buffer: the size of the last chunk sent, so streaming stays copy-free. */
  private int nextCapacity = MIN_BUFFER;
  private int count;
  private LocatedBlock block;
  private List<DatanodeRef> pipeline = List.of();
  /** Bytes of the current block handed to the pipeline, acknowledged or not. */
  private long sentBytes;
  /** Bytes of the current block acknowledged by every node of the pipeline. */
  private long ackedBytes;
  private final Deque<InFlight> inFlight = new ArrayDeque<>();
  /**
   * Full-size chunk arrays whose chunks the whole pipeline acknowledged, for the next chunks:
   * a fresh 1 MiB array per chunk is a zeroed allocation outside the young generation.
   */
  private final Deque<byte[]> spareArrays = new ArrayDeque<>();
  private long lastBlockId = -1;
  private long lastBlockLength;
  private final Set<String> excluded = new HashSet<>();
  private boolean closed;
  /** The current block's last chunk went (or was resent) last, and each node finalized the block with it. */
  private boolean finalizedWithData;

  /** @param firstBlock allocated with the file, or null to ask the NameNode for it once data comes */
  DfsOutputStream(DfsClient client, String path, long blockSize, LocatedBlock firstBlock) {
    this.client = client;
    this.path = path;
    this.blockSize = blockSize;
    this.chunkSize = (int) Math.min(client.chunkSize, blockSize);
    this.window = client.writeWindow;
    if (firstBlock != null) {
      block = firstBlock;
      pipeline = firstBlock.locations();
    }
    client.opened(this);
  }

  String path() {
    return path;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    checkOpen();
    while (len > 0) {
      int limit = (int) Math.min(chunkSize, blockSize - sentBytes);
      int n = Math.min(len, limit - count);
      if (count + n > buf.length) {
        grow(count + n, limit);
      }
      System.arraycopy(b, off, buf, count, n);
      count += n;
      off += n;
      len -= n;
      if (count == limit) {
        sendChunk(false);
      }
    }
  }

  private void grow(int needed, int limit) {
    int size = Math.min(limit, Math.max(needed, Math.max(nextCapacity, 2 * buf.length)));
    if (count == 0 && size == chunkSize && !spareArrays.isEmpty()) {
      buf = spareArrays.pop();
      return;
    }
    buf = Arrays.copyOf(buf, size);
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream to " + path + " is closed.");
    }
  }

  /**
   * Hands the buffered bytes to the pipeline as one chunk; finishes the block when it is full.
   * {@code closing}: no more data follows, so this chunk ends the block.
   */
  private void sendChunk(boolean closing) throws IOException {
    if (count == 0) {
      return;
    }
    if (block == null) {
      allocateBlock();
    }
    byte[] data = count == buf.length ? buf : Arrays.copyOf(buf, count);
    // The chunk's array belongs to the chunk until it is acknowledged; the next write fills a new one.
    nextCapacity = Math.max(MIN_BUFFER, count);
    buf = new byte[0];
    boolean last = closing || sentBytes + data.length == blockSize;
    Chunk c = new Chunk(sentBytes, data, ChunkChecksums.compute(data, 0, data.length, client.bytesPerChecksum), last);
    sentBytes += count;
    count = 0;
    submit(c);
    if (sentBytes == blockSize) {
      finishBlock();
    }
  }

  /** Starts sending {@code c} once the window has room; a block's first chunk goes alone. */
  private void submit(Chunk c) throws IOException {
    while (!inFlight.isEmpty() && (inFlight.size() >= window || ackedBytes == 0)) {
      awaitOldest();
    }
    while (pipeline.isEmpty()) {
      if (ackedBytes > 0) {
        throw new IOException("Writing " + path + " failed: every DataNode of the pipeline for blk_"
            + block.blockId() + " failed.");
      }
      // Nothing of this block is acknowledged yet: start it over on other DataNodes.
      client.namenode().abandonBlock(path, client.clientName, block.blockId());
      allocateBlock();
    }
    DatanodeRef first = pipeline.get(0);
    WriteChunk wc = new WriteChunk(block.blockId(), c.offset(), c.data(), c.sums(), client.bytesPerChecksum,
        pipeline.subList(1, pipeline.size()), c.last(), block.accessToken(), client.ackWaitMs);
    finalizedWithData = c.last();
    inFlight.addLast(new InFlight(c, first, client.transfer(() -> client.datanode(first).writeChunk(wc))));
  }

  /** Waits for the oldest chunk's ack; on a failure, recovers the pipeline and resends. */
  private void awaitOldest() throws IOException {
    InFlight f = inFlight.peekFirst();
    String failed = outcome(f);
    if (failed == null) {
      inFlight.removeFirst();
      ackedBytes = f.chunk().end();
      // Every node has the bytes and no call holds the array any more (RMI copied it out).
      if (f.chunk().data().length == chunkSize && spareArrays.size() <= window) {
        spareArrays.push(f.chunk().data());
      }
      return;
    }
    // Let every other call end, so nothing is in flight while the survivors are cut back.
    List<Chunk> resend = new ArrayList<>();
    for (InFlight g : inFlight) {
      if (g != f) {
        outcome(g);
      }
      resend.add(g.chunk());
    }
    inFlight.clear();
    dropFromPipeline(failed);
    for (Chunk c : resend) {
      submit(c);
    }
  }

  /** Null when every node wrote the chunk, else the id of the node that failed. */
  private String outcome(InFlight f) throws IOException {
    try {
      WriteAck ack = f.ack().get();
      if (ack.failed().isEmpty()) {
        return null;
      }
      LOG.warn("Writing blk_{} of {} at offset {} failed on {}, named by the node before it; dropping it from the pipeline",
          block.blockId(), path, f.chunk().offset(), ack.failed().get(0));
      return ack.failed().get(0);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      LOG.warn("Writing blk_{} of {} at offset {} to {} failed ({}); dropping it from the pipeline",
          block.blockId(), path, f.chunk().offset(), f.first().id(), oneLine(cause));
      return f.first().id();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while writing " + path + ".");
    }
  }

  /** A failure's message on one line (RMI nests its causes' messages over several), so each drop is one log line. */
  private static String oneLine(Throwable t) {
    return String.valueOf(t.getMessage()).replaceAll("\\s*\\R\\s*", " ");
  }

  /** Removes a failed node and cuts the survivors back to the last acknowledged length. */
  private void dropFromPipeline(String failedId) {
    excluded.add(failedId);
    List<DatanodeRef> survivors = new ArrayList<>();
    for (DatanodeRef d : pipeline) {
      if (d.id().equals(failedId)) {
        continue;
      }
      if (ackedBytes > 0) {
        try {
          client.datanode(d).truncateReplica(block.blockId(), ackedBytes, block.accessToken());
        } catch (IOException | RuntimeException e) {
          LOG.warn("Cutting blk_{} on {} back to {} bytes failed ({}); dropping it too",
              block.blockId(), d.id(), ackedBytes, oneLine(e));
          excluded.add(d.id());
          continue;
        }
      }
      survivors.add(d);
    }
    LOG.info("Pipeline of blk_{} for {} is now {}", block.blockId(), path, survivors);
    pipeline = survivors;
  }

  private void allocateBlock() throws IOException {
    block = client.namenode().addBlock(new AddBlockRequest(path, client.clientName, client.clientHost,
        lastBlockId, lastBlockLength, List.copyOf(excluded)));
    pipeline = block.locations();
    ackedBytes = 0;
  }

  /** Waits for every chunk's ack, then finalizes the block on the pipeline; one node must succeed. */
  private void finishBlock() throws IOException {
    while (!inFlight.isEmpty()) {
      awaitOldest();
    }
    long blockBytes = ackedBytes;
    // A last chunk acknowledged by the pipeline finalized the block on every node of it already.
    List<DatanodeRef> rest = finalizedWithData ? List.of() : pipeline;
    boolean any = finalizedWithData;
    while (!rest.isEmpty()) {
      DatanodeRef first = rest.get(0);
      try {
        WriteAck ack = client.datanode(first).finalizeBlock(block.blockId(), blockBytes,
            List.copyOf(rest.subList(1, rest.size())), block.accessToken(), client.ackWaitMs);
        any = true;
        if (ack.failed().isEmpty()) {
          break;
        }
        int at = indexOf(rest, ack.failed().get(0));
        rest = rest.subList(Math.min(rest.size(), at + 1), rest.size());
      } catch (IOException | RuntimeException e) {
        LOG.warn("Finalizing blk_{} of {} on {} failed ({}); it is re-replicated later",
            block.blockId(), path, first.id(), e.getMessage());
        rest = rest.subList(1, rest.size());
      }
    }
    if (!any) {
      throw new IOException("Writing " + path + " failed: no DataNode could finalize blk_" + block.blockId() + ".");
    }
    lastBlockId = block.blockId();
    lastBlockLength = blockBytes;
    block = null;
    sentBytes = 0;
    ackedBytes = 0;
    pipeline = List.of();
  }

  private static int indexOf(List<DatanodeRef> nodes, String id) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id().equals(id)) {
        return i;
      }
    }
    return nodes.size();
  }

  /** Data is sent in whole chunks; flush() does not force a partial chunk out (no hflush). */
  @Override
  public void flush() {}

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      sendChunk(true);
      // A block allocated with the file but never written to is dropped by complete().
      if (block != null && sentBytes > 0) {
        finishBlock();
      }
      completeFile();
    } finally {
      closed = true;
      client.closed(this);
    }
  }

  private void completeFile() throws IOException {
    long deadline = System.currentTimeMillis() + client.completeTimeoutMs;
    long sleep = 20;
    while (!client.namenode().complete(path, client.clientName, lastBlockId, lastBlockLength)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("Closing " + path + " timed out: its last block has no reported replica after "
            + client.completeTimeoutMs + " ms.");
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while closing " + path + ".");
      }
      sleep = Math.min(sleep * 2, 500);
    }
  }

  /** Stops without completing the file; the lease expiry closes it on the NameNode. */
  void abandon() {
    closed = true;
  }
}
