package io.quern.util;

import java.util.zip.CRC32;
import java.util.zip.Checksum;

/**
 * CRC-32 (the IEEE 802.3 polynomial, as in zip and gzip) under Hadoop's class name. Hadoop
 * wrote its own table-driven loop because the JDK's was slow then; the JDK's is intrinsic
 * now, so this one hands the work to {@link CRC32}.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's PureJavaCrc32 is).
 */
public class PureJavaCrc32 implements Checksum {
  private final CRC32 crc = new CRC32();

  @Override
  public void update(int b) {
    crc.update(b);
  }

  @Override
  public void update(byte[] b, int off, int len) {
    crc.update(b, off, len);
  }

  @Override
  public long getValue() {
    return crc.getValue();
  }

  @Override
  public void reset() {
    crc.reset();
  }
}
