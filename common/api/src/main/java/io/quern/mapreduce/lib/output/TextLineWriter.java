package io.quern.mapreduce.lib.output;

import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.PooledCodecStreams;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Records as text lines, {@code key SEPARATOR value}: a null or NullWritable key or value is
 * left out, a record with neither is skipped. Counts the bytes it writes. Shared by the new and
 * the old API's {@code TextOutputFormat}.
 *
 * <p>Confined to the thread writing the output, as is all its state.
 */
public final class TextLineWriter {
  private final OutputStream out;
  private final byte[] separator;
  private long bytes;

  /**
   * Lines into {@code raw}, buffered, and compressed with {@code codec} unless it is null: the
   * compressor comes from the codec pool and {@link #close()} returns it. Closes {@code raw} if
   * the compressing stream cannot be made.
   */
  public static TextLineWriter open(OutputStream raw, CompressionCodec codec, String separator) throws IOException {
    OutputStream out = raw;
    if (codec != null) {
      try {
        out = PooledCodecStreams.output(codec, raw);
      } catch (IOException | RuntimeException e) {
        try {
          raw.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
    return new TextLineWriter(new BufferedOutputStream(out, 1 << 16), separator);
  }

  /** {@code separator} empty stands for a tab: configuration values are trimmed, so a tab cannot be set. */
  public TextLineWriter(OutputStream out, String separator) {
    this.out = out;
    this.separator = (separator.isEmpty() ? "\t" : separator).getBytes(StandardCharsets.UTF_8);
  }

  public void write(Object key, Object value) throws IOException {
    boolean noKey = key == null || key instanceof NullWritable;
    boolean noValue = value == null || value instanceof NullWritable;
    if (noKey && noValue) {
      return;
    }
    if (!noKey) {
      writeObject(key);
    }
    if (!noKey && !noValue) {
      out.write(separator);
      bytes += separator.length;
    }
    if (!noValue) {
      writeObject(value);
    }
    out.write('\n');
    bytes++;
  }

  private void writeObject(Object o) throws IOException {
    if (o instanceof Text t) {
      out.write(t.getBytes(), 0, t.getLength());
      bytes += t.getLength();
    } else {
      byte[] b = o.toString().getBytes(StandardCharsets.UTF_8);
      out.write(b);
      bytes += b.length;
    }
  }

  /** Bytes written so far. */
  public long bytes() {
    return bytes;
  }

  public void close() throws IOException {
    out.close();
  }
}
