package io.quern.io.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A compression format, as Hadoop's {@code org.apache.hadoop.io.compress.CompressionCodec}:
 * streams that compress into and decompress from another stream, and the file name suffix
 * that marks files in the format. Hadoop's pooled native compressors are left out: the
 * codecs here keep their coder inside the stream, which {@link CompressionOutputStream#resetState}
 * and {@link CompressionInputStream#resetState} let a caller reuse.
 */
public interface CompressionCodec {

  /** A stream that compresses what is written to it into {@code out}; closing it closes {@code out}. */
  CompressionOutputStream createOutputStream(OutputStream out) throws IOException;

  /**
   * A stream of the bytes decompressed from {@code in}; closing it closes {@code in}. Several
   * compressed streams one after another (as {@code cat a.gz b.gz} makes) read as one.
   */
  CompressionInputStream createInputStream(InputStream in) throws IOException;

  /** The file name suffix of the format, with its dot: {@code .gz}. */
  String getDefaultExtension();
}
