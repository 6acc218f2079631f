package io.quern.io.compress;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompresses from an underlying stream with a {@link Decompressor}, as Hadoop's class of that
 * name. Compressed pieces that follow each other (concatenated gzip members, as {@code cat a.gz
 * b.gz} makes, or zlib streams) read as one stream: when the decompressor reaches the end of one,
 * it is reset and given what followed. An empty input is an empty stream. A decompressor the
 * caller gave (from {@link CodecPool}, say) stays the caller's: closing the stream does not end it.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's DecompressorStream is).
 */
public class DecompressorStream extends CompressionInputStream {

  protected final Decompressor decompressor;
  /** Compressed bytes read from {@code in}; the decompressor may hold [0, filled) until it asks for more. */
  protected final byte[] buffer;
  private final boolean endDecompressorOnClose;
  private int filled;
  /** Whether the decompressor has been given bytes of the current piece: the input may end only between pieces. */
  private boolean inPiece;
  private boolean atEnd;
  private boolean closed;

  /** Decompresses with {@code decompressor}, which the caller keeps and ends. */
  public DecompressorStream(InputStream in, Decompressor decompressor, int bufferSize) {
    this(in, decompressor, bufferSize, false);
  }

  public DecompressorStream(InputStream in, Decompressor decompressor) {
    this(in, decompressor, CompressorStream.DEFAULT_BUFFER_SIZE);
  }

  /** @param endDecompressorOnClose whether the stream owns {@code decompressor} and ends it in {@link #close()} */
  DecompressorStream(InputStream in, Decompressor decompressor, int bufferSize, boolean endDecompressorOnClose) {
    super(in);
    if (decompressor == null) {
      throw new NullPointerException("decompressor");
    }
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("buffer size must be positive, not " + bufferSize);
    }
    this.decompressor = decompressor;
    this.buffer = new byte[bufferSize];
    this.endDecompressorOnClose = endDecompressorOnClose;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("read from a closed decompression stream");
    }
    if ((off | len | (off + len) | (b.length - (off + len))) < 0) {
      throw new IndexOutOfBoundsException("offset " + off + ", length " + len + " in " + b.length + " bytes");
    }
    if (len == 0) {
      return 0;
    }
    if (atEnd) {
      return -1;
    }
    while (true) {
      int n = decompressor.decompress(b, off, len);
      if (n > 0) {
        return n;
      }
      if (decompressor.finished()) {
        // One piece ended; what the decompressor did not use is the start of the next.
        int remaining = decompressor.getRemaining();
        decompressor.reset();
        if (remaining > 0) {
          decompressor.setInput(buffer, filled - remaining, remaining);
          inPiece = true;
        } else {
          inPiece = false;
          if (!fill()) {
            atEnd = true;
            return -1;
          }
        }
      } else if (decompressor.needsDictionary()) {
        throw new IOException("corrupt compressed data: it asks for a preset dictionary");
      } else if (decompressor.needsInput()) {
        if (!fill()) {
          if (!inPiece) {
            atEnd = true;
            return -1;
          }
          throw new EOFException("the compressed data ends before its end marker");
        }
      } else {
        throw new IOException(decompressor.getClass().getName() + " gave nothing and asks for nothing");
      }
    }
  }

  /** Reads the next compressed bytes and gives them to the decompressor; false at the end of {@code in}. */
  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      filled = 0;
      return false;
    }
    filled = n;
    decompressor.setInput(buffer, 0, n);
    inPiece = true;
    return true;
  }

  @Override
  public void resetState() {
    decompressor.reset();
    filled = 0;
    inPiece = false;
    atEnd = false;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      in.close();
    } finally {
      if (endDecompressorOnClose) {
        decompressor.end();
      }
    }
  }
}
