package io.quern.protocol.dfs;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a short-circuit read on a DataNode's local (UNIX domain) socket. No RPC, no
 * serialization and no per-record tags: the data never leaves the host, and the caller proved
 * its right to the block over RPC before it got the one-time secret it shows here.
 *
 * <pre>
 * request  (client to DataNode, {@link #REQUEST_BYTES} bytes):
 *   int MAGIC, byte VERSION, byte[32] secret, long blockId, long offset, long length
 * answer, refused:  byte REFUSED, short n, n bytes of UTF-8: one sentence saying why; then EOF
 * answer, granted:  byte OK, int bytesPerChecksum, long start, long end,
 *                   one int CRC32C per checksum piece of [start, end), then the bytes [start, end)
 * </pre>
 * {@code start} is {@code offset} rounded down to a checksum piece; {@code end} is
 * {@code offset + length} rounded up to one, or the replica's end.
 */
public final class ShortCircuitWire {
  public static final int MAGIC = 0x51534352; // "QSCR"
  public static final byte VERSION = 1;
  public static final int SECRET_BYTES = 32;
  public static final int REQUEST_BYTES = 4 + 1 + SECRET_BYTES + 3 * Long.BYTES;
  public static final byte OK = 0;
  public static final byte REFUSED = 1;
  /** Longest refusal sentence sent. */
  public static final int MAX_MESSAGE_BYTES = 1024;
  /** Bytes of the granted answer before the checksums. */
  public static final int HEADER_BYTES = 1 + 4 + 2 * Long.BYTES;

  private ShortCircuitWire() {}

  /** One read request, as the DataNode parsed it. */
  public record Request(byte[] secret, long blockId, long offset, long length) {}

  public static ByteBuffer request(byte[] secret, long blockId, long offset, long length) {
    ByteBuffer b = ByteBuffer.allocate(REQUEST_BYTES);
    b.putInt(MAGIC).put(VERSION).put(secret).putLong(blockId).putLong(offset).putLong(length);
    return b.flip();
  }

  /**
   * Parses a whole request.
   *
   * @throws IOException with one sentence when the bytes are not a request of this version
   */
  public static Request parseRequest(ByteBuffer b) throws IOException {
    if (b.remaining() != REQUEST_BYTES) {
      throw new IOException("A short-circuit read request is " + REQUEST_BYTES + " bytes, not " + b.remaining() + ".");
    }
    int magic = b.getInt();
    byte version = b.get();
    if (magic != MAGIC || version != VERSION) {
      throw new IOException("Not a short-circuit read request of version " + VERSION + " (it starts with 0x"
          + Integer.toHexString(magic) + ").");
    }
    byte[] secret = new byte[SECRET_BYTES];
    b.get(secret);
    return new Request(secret, b.getLong(), b.getLong(), b.getLong());
  }

  public static ByteBuffer refusal(String sentence) {
    byte[] text = sentence.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(text.length, MAX_MESSAGE_BYTES);
    return ByteBuffer.allocate(1 + 2 + n).put(REFUSED).putShort((short) n).put(text, 0, n).flip();
  }

  /** The header and checksums of a granted answer. */
  public static ByteBuffer granted(int bytesPerChecksum, long start, long end, ByteBuffer checksums) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + checksums.remaining());
    b.put(OK).putInt(bytesPerChecksum).putLong(start).putLong(end).put(checksums);
    return b.flip();
  }

  /** Checksum pieces of {@code [start, end)}. */
  public static int pieces(long start, long end, int bytesPerChecksum) {
    return (int) ((end - start + bytesPerChecksum - 1) / bytesPerChecksum);
  }

  /** Thrown when the stream ends before a whole answer. */
  public static EOFException truncated(String what) {
    return new EOFException("The DataNode's local socket closed in the middle of " + what + ".");
  }
}
