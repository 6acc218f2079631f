package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A mutable UTF-8 string, serialized as a vint byte length and the bytes. It sorts in
 * byte order, which for UTF-8 is code-point order. Positions given to and returned by
 * {@link #find} and {@link #charAt} are byte offsets, as in Hadoop.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's Text is).
 */
public class Text implements WritableComparable<Text> {

  private static final byte[] EMPTY = new byte[0];

  static {
    WritableComparator.define(Text.class, new Comparator());
  }

  private byte[] bytes = EMPTY;
  private int length;

  public Text() {
  }

  public Text(String string) {
    set(string);
  }

  public Text(Text other) {
    set(other);
  }

  public Text(byte[] utf8) {
    set(utf8);
  }

  /** The backing array; only the first {@link #getLength()} bytes are valid. */
  public byte[] getBytes() {
    return bytes;
  }

  /** The number of UTF-8 bytes. */
  public int getLength() {
    return length;
  }

  /** A copy of exactly the valid bytes. */
  public byte[] copyBytes() {
    return Arrays.copyOf(bytes, length);
  }

  /** Sets the contents; unpaired surrogates become '?'. */
  public void set(String string) {
    byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
    bytes = utf8;
    length = utf8.length;
  }

  public void set(byte[] utf8) {
    set(utf8, 0, utf8.length);
  }

  public void set(Text other) {
    set(other.getBytes(), 0, other.getLength());
  }

  public void set(byte[] utf8, int start, int len) {
    ensureCapacity(len, false);
    System.arraycopy(utf8, start, bytes, 0, len);
    length = len;
  }

  public void append(byte[] utf8, int start, int len) {
    ensureCapacity(length + len, true);
    System.arraycopy(utf8, start, bytes, length, len);
    length += len;
  }

  public void clear() {
    length = 0;
  }

  private void ensureCapacity(int capacity, boolean keepData) {
    if (bytes.length < capacity) {
      bytes = keepData ? Arrays.copyOf(bytes, Math.max(capacity, length << 1)) : new byte[capacity];
    }
  }

  /**
   * The Unicode code point that starts at byte {@code position}, or -1 if the position is
   * outside the text.
   */
  public int charAt(int position) {
    if (position < 0 || position >= length) {
      return -1;
    }
    int lead = bytes[position] & 0xff;
    int extra;
    int codePoint;
    if (lead < 0x80) {
      return lead;
    } else if (lead >= 0xf0) {
      extra = 3;
      codePoint = lead & 0x07;
    } else if (lead >= 0xe0) {
      extra = 2;
      codePoint = lead & 0x0f;
    } else {
      extra = 1;
      codePoint = lead & 0x1f;
    }
    for (int i = 1; i <= extra && position + i < length; i++) {
      codePoint = (codePoint << 6) | (bytes[position + i] & 0x3f);
    }
    return codePoint;
  }

  /** The byte offset of the first occurrence of {@code what}, or -1. */
  public int find(String what) {
    return find(what, 0);
  }

  /** The byte offset of the first occurrence of {@code what} at or after byte {@code start}, or -1. */
  public int find(String what, int start) {
    byte[] needle = what.getBytes(StandardCharsets.UTF_8);
    int last = length - needle.length;
    for (int i = Math.max(start, 0); i <= last; i++) {
      if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, length);
    out.write(bytes, 0, length);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int len = WritableUtils.readVInt(in);
    if (len < 0) {
      throw new IOException("negative Text length " + len);
    }
    bytes = WritableUtils.readBytes(in, bytes, len);
    length = len;
  }

  /** Skips over one serialized Text. */
  public static void skip(DataInput in) throws IOException {
    WritableUtils.skipFully(in, WritableUtils.readVInt(in));
  }

  @Override
  public int compareTo(Text other) {
    return WritableComparator.compareBytes(bytes, 0, length, other.bytes, 0, other.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Text other
        && Arrays.equals(bytes, 0, length, other.bytes, 0, other.length);
  }

  @Override
  public int hashCode() {
    return WritableComparator.hashBytes(bytes, length);
  }

  /** Decodes the bytes, replacing malformed input with U+FFFD. */
  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** UTF-8 bytes of {@code string}. */
  public static ByteBuffer encode(String string) {
    return ByteBuffer.wrap(string.getBytes(StandardCharsets.UTF_8));
  }

  public static String decode(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  public static String decode(byte[] utf8, int start, int length) {
    return new String(utf8, start, length, StandardCharsets.UTF_8);
  }

  /** Decodes strictly when {@code replace} is false, failing on malformed UTF-8. */
  public static String decode(byte[] utf8, int start, int length, boolean replace)
      throws CharacterCodingException {
    if (replace) {
      return decode(utf8, start, length);
    }
    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(utf8, start, length));
    return chars.toString();
  }

  /** Writes a string the way a Text serializes: vint length, then UTF-8. */
  public static int writeString(DataOutput out, String string) throws IOException {
    byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
    WritableUtils.writeVInt(out, utf8.length);
    out.write(utf8);
    return WritableUtils.getVIntSize(utf8.length) + utf8.length;
  }

  public static String readString(DataInput in) throws IOException {
    int len = WritableUtils.readVInt(in);
    if (len < 0) {
      throw new IOException("negative string length " + len);
    }
    return new String(WritableUtils.readBytes(in, null, len), 0, len, StandardCharsets.UTF_8);
  }

  /** Compares the UTF-8 bytes that follow each vint length. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(Text.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      int n1 = WritableUtils.decodeVIntSize(b1[s1]);
      int n2 = WritableUtils.decodeVIntSize(b2[s2]);
      return compareBytes(b1, s1 + n1, l1 - n1, b2, s2 + n2, l2 - n2);
    }
  }
}
