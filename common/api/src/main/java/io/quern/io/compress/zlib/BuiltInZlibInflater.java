package io.quern.io.compress.zlib;

import io.quern.io.compress.Decompressor;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The JDK's zlib inflater as a {@link Decompressor}, as Hadoop's class of that name: zlib framing
 * by default, raw deflate with {@code nowrap}; {@link #decompress} is {@link #inflate} with damaged
 * data reported as an {@link IOException}.
 */
public class BuiltInZlibInflater extends Inflater implements Decompressor {

  public BuiltInZlibInflater() {
    super();
  }

  public BuiltInZlibInflater(boolean nowrap) {
    super(nowrap);
  }

  @Override
  public int decompress(byte[] b, int off, int len) throws IOException {
    try {
      return inflate(b, off, len);
    } catch (DataFormatException e) {
      throw new IOException("corrupt zlib data: " + e.getMessage(), e);
    }
  }
}
