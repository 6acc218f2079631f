package io.quern.fs;

import java.util.zip.CRC32C;

/** Block data checksums shared by the DFS client and DataNodes: CRC32C of each {@code bytesPerChecksum} piece of a buffer. */
public final class ChunkChecksums {
  private ChunkChecksums() {}

  public static long[] compute(byte[] data, int off, int len, int bytesPerChecksum) {
    int n = (len + bytesPerChecksum - 1) / bytesPerChecksum;
    long[] out = new long[n];
    CRC32C crc = new CRC32C();
    for (int i = 0; i < n; i++) {
      int start = off + i * bytesPerChecksum;
      crc.reset();
      crc.update(data, start, Math.min(bytesPerChecksum, off + len - start));
      out[i] = crc.getValue();
    }
    return out;
  }

  /** Index of the first piece whose checksum differs, or -1 when all match. */
  public static int firstMismatch(byte[] data, long[] checksums, int bytesPerChecksum) {
    long[] actual = compute(data, 0, data.length, bytesPerChecksum);
    if (actual.length != checksums.length) {
      return 0;
    }
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] != checksums[i]) {
        return i;
      }
    }
    return -1;
  }
}
