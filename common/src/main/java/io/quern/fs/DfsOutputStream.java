package io.quern.fs;

import io.quern.protocol.AddBlockRequest;
import io.quern.protocol.DatanodeRef;
import io.quern.protocol.LocatedBlock;
import io.quern.protocol.WriteAck;
import io.quern.protocol.WriteChunk;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes a DFS file: buffers up to one chunk (1 MiB), sends it down the block's pipeline and
 * waits for the pipeline's ack before the next, so at most one chunk is unacknowledged. When a
 * DataNode fails, it is dropped, the survivors are cut back to the last acknowledged length and
 * the chunk is resent; the NameNode re-replicates the block later. Not thread-safe, like any
 * OutputStream.
 */
final class DfsOutputStream extends OutputStream {
  private static final Logger LOG = LogManager.getLogger(DfsOutputStream.class);

  private final DfsClient client;
  private final String path;
  private final long blockSize;
  private final byte[] buf;
  private int count;
  private LocatedBlock block;
  private List<DatanodeRef> pipeline = List.of();
  /** Bytes of the current block acknowledged by the pipeline. */
  private long blockBytes;
  private long lastBlockId = -1;
  private long lastBlockLength;
  private final Set<String> excluded = new HashSet<>();
  private boolean closed;

  DfsOutputStream(DfsClient client, String path, long blockSize) {
    this.client = client;
    this.path = path;
    this.blockSize = blockSize;
    this.buf = new byte[(int) Math.min(client.chunkSize, blockSize)];
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
      int limit = (int) Math.min(buf.length, blockSize - blockBytes);
      int n = Math.min(len, limit - count);
      System.arraycopy(b, off, buf, count, n);
      count += n;
      off += n;
      len -= n;
      if (count == limit) {
        sendChunk();
      }
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream to " + path + " is closed.");
    }
  }

  private void sendChunk() throws IOException {
    if (count == 0) {
      return;
    }
    if (block == null) {
      allocateBlock();
    }
    long[] sums = ChunkChecksums.compute(buf, 0, count, client.bytesPerChecksum);
    byte[] data = count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
    while (true) {
      if (pipeline.isEmpty()) {
        if (blockBytes == 0) {
          // Nothing of this block is acknowledged yet: start it over on other DataNodes.
          client.namenode().abandonBlock(path, client.clientName, block.blockId());
          allocateBlock();
          continue;
        }
        throw new IOException("Writing " + path + " failed: every DataNode of the pipeline for blk_"
            + block.blockId() + " failed.");
      }
      DatanodeRef first = pipeline.get(0);
      String failed;
      try {
        WriteAck ack = client.datanode(first).writeChunk(new WriteChunk(block.blockId(), blockBytes, data, sums,
            client.bytesPerChecksum, pipeline.subList(1, pipeline.size())));
        if (ack.failed().isEmpty()) {
          break;
        }
        failed = ack.failed().get(0);
      } catch (IOException | RuntimeException e) {
        failed = first.id();
        LOG.warn("Writing blk_{} of {} to {} failed ({}); dropping it from the pipeline",
            block.blockId(), path, first.id(), e.getMessage());
      }
      dropFromPipeline(failed);
    }
    blockBytes += count;
    count = 0;
    if (blockBytes == blockSize) {
      finishBlock();
    }
  }

  /** Removes a failed node and cuts the survivors back to the last acknowledged length. */
  private void dropFromPipeline(String failedId) {
    excluded.add(failedId);
    List<DatanodeRef> survivors = new ArrayList<>();
    for (DatanodeRef d : pipeline) {
      if (d.id().equals(failedId)) {
        continue;
      }
      if (blockBytes > 0) {
        try {
          client.datanode(d).truncateReplica(block.blockId(), blockBytes);
        } catch (IOException | RuntimeException e) {
          LOG.warn("Cutting blk_{} on {} back to {} bytes failed ({}); dropping it too",
              block.blockId(), d.id(), blockBytes, e.getMessage());
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
    blockBytes = 0;
  }

  /** Finalizes the block on every node of the pipeline; at least one must succeed. */
  private void finishBlock() throws IOException {
    List<DatanodeRef> rest = pipeline;
    boolean any = false;
    while (!rest.isEmpty()) {
      DatanodeRef first = rest.get(0);
      try {
        WriteAck ack = client.datanode(first).finalizeBlock(block.blockId(), blockBytes, List.copyOf(rest.subList(1, rest.size())));
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
    blockBytes = 0;
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
      sendChunk();
      if (block != null) {
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
