package io.quern.conf;

import io.quern.io.DataInputBuffer;
import io.quern.io.WritableUtils;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The binary form of a {@link Configuration}, Hadoop's {@code Configuration.write} shape: a vint
 * count, then each property's name and value as {@code Text} strings (vint length, UTF-8). Values
 * are written unexpanded; finality and sources are not carried, as in Hadoop. It is separate so
 * that the format, read and write, sits beside itself, as the XML one does.
 *
 * <p>Reading trusts nothing: a count or length that the input cannot hold, a negative one, bytes
 * that are not UTF-8 or a property without a name fail with one {@link IOException}, and no array
 * is allocated past what the input holds (when its size is known, a {@link DataInputBuffer}) or
 * past twice what was actually read plus {@value #FIRST_STEP} bytes (any other input).
 */
final class WritableConfigFormat {
  /** The first allocation for a string of unknown input; it doubles only as bytes arrive. */
  static final int FIRST_STEP = 8192;

  private WritableConfigFormat() {}

  /** Writes {@code properties} in their iteration order. */
  static void write(Collection<Configuration.Property> properties, DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, properties.size());
    for (Configuration.Property p : properties) {
      writeString(out, p.name());
      writeString(out, p.value());
    }
  }

  /** A string the way {@code Text.writeString} writes one: vint length, then UTF-8. */
  private static void writeString(DataOutput out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    WritableUtils.writeVInt(out, utf8.length);
    out.write(utf8);
  }

  /**
   * The properties {@code in} holds, each with {@code source} as where it came from.
   *
   * @throws IOException naming {@code source} and what is wrong, when the bytes are not a
   *     configuration in this form
   */
  static List<Configuration.Property> read(DataInput in, String source) throws IOException {
    Reader r = new Reader(in, source);
    int count = r.vint("the number of properties");
    if (count < 0) {
      throw r.bad("claims " + count + " properties");
    }
    // Each property takes at least two bytes (two empty lengths): a bigger count is garbage.
    if (r.known() && count > r.remaining() / 2) {
      throw r.bad("claims " + count + " properties in " + r.remaining() + " bytes");
    }
    List<Configuration.Property> out = new ArrayList<>(Math.min(count, 1024));
    for (int i = 1; i <= count; i++) {
      String where = "property " + i + " of " + count;
      String name = r.string(where + "'s name");
      if (name.isBlank()) {
        throw r.bad(where + " has no name");
      }
      String value = r.string(where + "'s value");
      out.add(new Configuration.Property(name, value, source, false));
    }
    return out;
  }

  /** Reads with the input's size in mind, and words every failure after {@code source}. */
  private static final class Reader {
    private final DataInput in;
    private final String source;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);

    Reader(DataInput in, String source) {
      this.in = in;
      this.source = source;
    }

    boolean known() {
      return in instanceof DataInputBuffer;
    }

    int remaining() {
      return ((DataInputBuffer) in).remaining();
    }

    IOException bad(String what) {
      return new IOException(source + " is not a readable configuration: it " + what);
    }

    int vint(String what) throws IOException {
      try {
        return WritableUtils.readVInt(in);
      } catch (EOFException e) {
        throw bad("ends before " + what);
      } catch (IOException e) {
        throw bad("has a bad length for " + what + " (" + e.getMessage() + ")");
      }
    }

    String string(String what) throws IOException {
      int length = vint(what);
      if (length < 0) {
        throw bad("gives " + what + " a negative length (" + length + ")");
      }
      if (known() && length > remaining()) {
        throw bad("gives " + what + " " + length + " bytes where " + remaining() + " remain");
      }
      byte[] bytes = bytes(length, what);
      // String's own decoding is the fast one (most values are ASCII); it replaces what is not
      // UTF-8 with U+FFFD, so only a string holding one is decoded again, strictly, to tell.
      String s = new String(bytes, StandardCharsets.UTF_8);
      if (s.indexOf('\uFFFD') >= 0) {
        try {
          utf8.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
          throw bad("has " + what + " that is not UTF-8");
        }
      }
      return s;
    }

    /** Exactly {@code length} bytes; an array grows only as bytes arrive, so a lying length cannot allocate much. */
    private byte[] bytes(int length, String what) throws IOException {
      byte[] buf = new byte[known() ? length : Math.min(length, FIRST_STEP)];
      int filled = 0;
      try {
        while (filled < length) {
          if (filled == buf.length) {
            buf = java.util.Arrays.copyOf(buf, (int) Math.min(length, 2L * buf.length));
          }
          in.readFully(buf, filled, buf.length - filled);
          filled = buf.length;
        }
      } catch (EOFException e) {
        throw bad("ends inside " + what);
      }
      return buf;
    }
  }
}
