package io.quern.io.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A compression format, as Hadoop's {@code org.apache.hadoop.io.compress.CompressionCodec}:
 * streams that compress into and decompress from another stream, the coders those streams run
 * ({@link Compressor}, {@link Decompressor}, which {@link CodecPool} keeps for reuse), and the
 * file name suffix that marks files in the format.
 */
public interface CompressionCodec {

  /**
   * A stream that compresses what is written to it into {@code out} with a coder of its own;
   * closing it closes {@code out} and frees the coder.
   */
  CompressionOutputStream createOutputStream(OutputStream out) throws IOException;

  /**
   * A stream that compresses into {@code out} with {@code compressor} (of {@link
   * #getCompressorType()}, from {@link #createCompressor()} or {@link CodecPool}); closing it
   * closes {@code out} but leaves the compressor to the caller, who returns it to the pool.
   */
  CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) throws IOException;

  /** The class of this codec's compressors, by which {@link CodecPool} keeps them. */
  Class<? extends Compressor> getCompressorType();

  /** A new compressor for {@link #createOutputStream(OutputStream, Compressor)}. */
  Compressor createCompressor();

  /**
   * A stream of the bytes decompressed from {@code in} with a coder of its own; closing it closes
   * {@code in} and frees the coder. Several compressed streams one after another (as {@code cat
   * a.gz b.gz} makes) read as one.
   */
  CompressionInputStream createInputStream(InputStream in) throws IOException;

  /**
   * A stream decompressing from {@code in} with {@code decompressor} (of {@link
   * #getDecompressorType()}); closing it closes {@code in} but leaves the decompressor to the caller.
   */
  CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException;

  /** The class of this codec's decompressors, by which {@link CodecPool} keeps them. */
  Class<? extends Decompressor> getDecompressorType();

  /** A new decompressor for {@link #createInputStream(InputStream, Decompressor)}. */
  Decompressor createDecompressor();

  /** The file name suffix of the format, with its dot: {@code .gz}. */
  String getDefaultExtension();
}
