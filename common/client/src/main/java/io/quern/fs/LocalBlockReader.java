package io.quern.fs;

import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.LocalReadGrant;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.ReadChunk;
import io.quern.protocol.dfs.ShortCircuitWire;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A short-circuit read of one replica on this host: the DataNode, asked over RPC (which checks
 * the block access token), grants a one-time secret; the secret opens one stream of the
 * replica's bytes and stored checksums on the DataNode's local socket ({@link ShortCircuitWire}),
 * from the checksum piece holding the start offset to the block's end. The caller verifies each
 * chunk against those checksums as it does chunks read over RPC. Every read waits at most
 * {@code timeoutMs} for bytes. Not thread-safe: one reader per input stream.
 */
final class LocalBlockReader implements Closeable {
  private final long blockId;
  private final SocketChannel channel;
  private final Selector selector;
  private final long timeoutMs;
  /** Not thread-safe: owned by its DfsInputStream, which uses it under its own lock; so are the fields below. */
  private int bytesPerChecksum;
  private long start;
  private long end;
  /** Stored CRC32C of each checksum piece of {@code [start, end)}. */
  private long[] checksums;
  /** Offset in the block of the next byte the stream holds. */
  private long pos;

  private LocalBlockReader(long blockId, SocketChannel channel, Selector selector, long timeoutMs) {
    this.blockId = blockId;
    this.channel = channel;
    this.selector = selector;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Opens a stream of {@code block} from {@code offset} (in the block) to its end.
   *
   * @throws IOException when the DataNode refuses (token, no such replica, too busy, no local
   *     socket) or the socket cannot be reached from here; the caller then reads over RPC
   */
  static LocalBlockReader open(BlockTransferProtocol datanode, LocatedBlock block, long offset, long timeoutMs)
      throws IOException {
    LocalReadGrant g = datanode.requestLocalRead(block.blockId(), block.accessToken());
    if (g.blockId() != block.blockId() || offset >= g.length()) {
      throw new IOException("The DataNode granted a short-circuit read of blk_" + g.blockId() + " (" + g.length()
          + " bytes), not of blk_" + block.blockId() + " from offset " + offset + ".");
    }
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    Selector sel = null;
    try {
      // Connecting proves the DataNode's socket is on this host.
      ch.connect(UnixDomainSocketAddress.of(g.socketPath()));
      ByteBuffer req = ShortCircuitWire.request(g.secret(), g.blockId(), offset, g.length() - offset);
      while (req.hasRemaining()) {
        ch.write(req);
      }
      ch.configureBlocking(false);
      sel = Selector.open();
      ch.register(sel, SelectionKey.OP_READ);
      LocalBlockReader r = new LocalBlockReader(block.blockId(), ch, sel, timeoutMs);
      r.readAnswer(offset);
      return r;
    } catch (IOException | RuntimeException e) {
      ch.close();
      if (sel != null) {
        sel.close();
      }
      throw e;
    }
  }

  private void readAnswer(long offset) throws IOException {
    ByteBuffer status = ByteBuffer.allocate(1);
    readFully(status, "the answer");
    if (status.get(0) != ShortCircuitWire.OK) {
      ByteBuffer n = ByteBuffer.allocate(2);
      readFully(n, "the refusal");
      ByteBuffer text = ByteBuffer.allocate(Math.min(n.getShort(0) & 0xffff, ShortCircuitWire.MAX_MESSAGE_BYTES));
      readFully(text, "the refusal");
      throw new IOException("The DataNode refused the short-circuit read of blk_" + blockId + ": "
          + new String(text.array(), StandardCharsets.UTF_8));
    }
    ByteBuffer h = ByteBuffer.allocate(ShortCircuitWire.HEADER_BYTES - 1);
    readFully(h, "the answer");
    h.flip();
    bytesPerChecksum = h.getInt();
    start = h.getLong();
    end = h.getLong();
    if (bytesPerChecksum <= 0 || start < 0 || start > offset || offset - start >= bytesPerChecksum || end <= offset) {
      throw new IOException("The DataNode's short-circuit answer for blk_" + blockId + " from offset " + offset
          + " is malformed (bytes " + start + " to " + end + " in pieces of " + bytesPerChecksum + ").");
    }
    ByteBuffer sums = ByteBuffer.allocate(4 * ShortCircuitWire.pieces(start, end, bytesPerChecksum));
    readFully(sums, "the checksums");
    sums.flip();
    checksums = new long[sums.remaining() / 4];
    for (int i = 0; i < checksums.length; i++) {
      checksums[i] = sums.getInt() & 0xffffffffL;
    }
    pos = start;
  }

  long blockId() {
    return blockId;
  }

  /** Offset in the block of the next chunk. */
  long position() {
    return pos;
  }

  boolean atEnd() {
    return pos >= end;
  }

  /**
   * The next chunk: about {@code maxLen} bytes (whole checksum pieces) with their stored
   * checksums, not yet verified.
   */
  ReadChunk next(int maxLen) throws IOException {
    if (atEnd()) {
      throw new IOException("The short-circuit read of blk_" + blockId + " is at its end (" + end + ").");
    }
    int step = Math.max(bytesPerChecksum, maxLen - maxLen % bytesPerChecksum);
    int n = (int) Math.min(step, end - pos);
    byte[] data = new byte[n];
    readFully(ByteBuffer.wrap(data), "the data");
    int first = (int) ((pos - start) / bytesPerChecksum);
    long[] sums = Arrays.copyOfRange(checksums, first, first + ShortCircuitWire.pieces(0, n, bytesPerChecksum));
    ReadChunk c = new ReadChunk(pos, data, sums, bytesPerChecksum);
    pos += n;
    return c;
  }

  private void readFully(ByteBuffer b, String what) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (b.hasRemaining()) {
      int n = channel.read(b);
      if (n < 0) {
        throw ShortCircuitWire.truncated(what);
      }
      if (n > 0) {
        deadline = System.nanoTime() + timeoutMs * 1_000_000;
        continue;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("No bytes of blk_" + blockId + " came from the DataNode's local socket in "
            + timeoutMs + " ms.");
      }
      selector.select(left);
      selector.selectedKeys().clear();
    }
  }

  @Override
  public void close() throws IOException {
    try (selector) {
      channel.close();
    }
  }
}
