package io.quern.io.compress.bzip2;

import io.quern.io.compress.Decompressor;

/**
 * What {@link io.quern.io.compress.BZip2Codec#createDecompressor()} gives, as Hadoop's pure-Java
 * bzip2 path does: it stands for the coder inside the codec's stream in {@link
 * io.quern.io.compress.CodecPool}; driving it directly is unsupported.
 */
public class BZip2DummyDecompressor implements Decompressor {

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(
        "the bzip2 coder works inside BZip2Codec's stream; this decompressor only stands for it in the codec pool");
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
  public boolean needsDictionary() {
    throw unsupported();
  }

  @Override
  public boolean finished() {
    throw unsupported();
  }

  @Override
  public int decompress(byte[] b, int off, int len) {
    throw unsupported();
  }

  @Override
  public int getRemaining() {
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
}
