package io.quern.io.compress.bzip2;

import io.quern.conf.Configuration;
import io.quern.io.compress.Compressor;

/**
 * What {@link io.quern.io.compress.BZip2Codec#createCompressor()} gives, as Hadoop's pure-Java
 * bzip2 path does: the bzip2 coder lives inside the codec's stream, so this object only stands
 * for it in {@link io.quern.io.compress.CodecPool} (where it can be leased, returned, reset and
 * ended); driving it directly is unsupported.
 */
public class BZip2DummyCompressor implements Compressor {

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(
        "the bzip2 coder works inside BZip2Codec's stream; this compressor only stands for it in the codec pool");
  }

  @Override
  public void setInput(byte[] b, int off, int len) {
    throw unsupported();
  }

  @Override
  public boolean needsInput() {
    throw unsupported();
  }

  @Override
  public void setDictionary(byte[] b, int off, int len) {
    throw unsupported();
  }

  @Override
  public long getBytesRead() {
    throw unsupported();
  }

  @Override
  public long getBytesWritten() {
    throw unsupported();
  }

  @Override
  public void finish() {
    throw unsupported();
  }

  @Override
  public boolean finished() {
    throw unsupported();
  }

  @Override
  public int compress(byte[] b, int off, int len) {
    throw unsupported();
  }

  @Override
  public void reset() {
    // Holds no state.
  }

  @Override
  public void end() {
    // Holds nothing to free.
  }

  @Override
  public void reinit(Configuration conf) {
    // Holds no settings.
  }
}
