package io.quern.streaming;

import io.quern.io.Text;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a line a streaming program wrote into key and value, as Hadoop Streaming does: the key
 * is the line up to the Nth occurrence of the separator, the value what follows it; a line with
 * fewer separators is all key, with an empty value.
 */
public final class FieldSplitter {
  // Immutable (the separator array is never written after construction).
  private final byte[] separator;
  private final int keyFields;

  public FieldSplitter(String separator, int keyFields) {
    if (separator.isEmpty() || keyFields < 1) {
      throw new IllegalArgumentException("a field splitter needs a separator and at least one key field");
    }
    this.separator = separator.getBytes(StandardCharsets.UTF_8);
    this.keyFields = keyFields;
  }

  /** Splits {@code line[0, length)} into {@code key} and {@code value}. */
  public void split(byte[] line, int length, Text key, Text value) {
    int found = 0;
    int at = -1;
    for (int i = 0; i + separator.length <= length; i++) {
      if (matches(line, i)) {
        if (++found == keyFields) {
          at = i;
          break;
        }
        i += separator.length - 1;
      }
    }
    if (at < 0) {
      key.set(line, 0, length);
      value.clear();
      return;
    }
    key.set(line, 0, at);
    int valueStart = at + separator.length;
    value.set(line, valueStart, length - valueStart);
  }

  private boolean matches(byte[] line, int i) {
    for (int j = 0; j < separator.length; j++) {
      if (line[i + j] != separator[j]) {
        return false;
      }
    }
    return true;
  }
}
