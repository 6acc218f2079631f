package io.quern.streaming;

import io.quern.io.Text;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes records to a streaming program's stdin as Hadoop Streaming does: {@code key SEP value}
 * and a newline, or the value alone when the key is left out. A {@link Text} goes as its bytes,
 * anything else as its {@code toString()} in UTF-8.
 */
public final class InputLineWriter {
  /** Confined to the task's thread, which writes the program's stdin. */
  private final OutputStream out;
  /** Immutable (never written after construction). */
  private final byte[] separator;

  public InputLineWriter(OutputStream out, String separator) {
    this.out = out;
    this.separator = separator.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes one record; a null key writes the value only. */
  public void write(Object key, Object value) throws IOException {
    if (key != null) {
      writeObject(key);
      out.write(separator);
    }
    writeObject(value);
    out.write('\n');
  }

  private void writeObject(Object o) throws IOException {
    if (o instanceof Text t) {
      out.write(t.getBytes(), 0, t.getLength());
    } else {
      out.write(String.valueOf(o).getBytes(StandardCharsets.UTF_8));
    }
  }
}
