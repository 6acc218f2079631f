package io.quern.io;

import io.quern.conf.Configuration;
import io.quern.io.compress.CompressionCodec;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of a version-6 SequenceFile, everything before the first record: magic and
 * version, key and value class names, the two compression flags, the codec, the metadata and
 * the sync marker (the layout is drawn in {@link SequenceFile}). It is separate because it is
 * the one place that writes and parses that layout, with a bound on every length read so a
 * damaged header fails with one sentence instead of a huge allocation.
 *
 * @param codec the codec the header names, made for the reader; null when not compressed
 */
record SequenceFileHeader(String keyClassName, String valueClassName, boolean compressed,
    boolean blockCompressed, CompressionCodec codec, Map<String, String> metadata, SyncMarker sync) {

  private static final byte[] MAGIC = {'S', 'E', 'Q'};
  /** Class names and metadata are short; a longer header string means a damaged header. */
  private static final int MAX_HEADER_STRING = 1 << 20;

  /** Writes a header with no metadata; {@code codec} null means not compressed. */
  static void write(DataOutput header, Class<?> keyClass, Class<?> valClass, CompressionCodec codec,
      boolean blockCompressed, SyncMarker sync) throws IOException {
    header.write(MAGIC);
    header.writeByte(SequenceFile.VERSION);
    Text.writeString(header, keyClass.getName());
    Text.writeString(header, valClass.getName());
    header.writeBoolean(codec != null);
    header.writeBoolean(blockCompressed);
    if (codec != null) {
      Text.writeString(header, codec.getClass().getName());
    }
    header.writeInt(0);
    sync.writeMarker(header);
  }

  /**
   * Reads the header from the start of {@code input} and leaves it at the first record; {@code
   * conf} is given to the codec if it is Configurable.
   */
  static SequenceFileHeader read(SequenceFileInput input, Configuration conf) throws IOException {
    DataInputStream din = input.data();
    try {
      byte[] magic = new byte[4];
      din.readFully(magic);
      if (!Arrays.equals(magic, 0, 3, MAGIC, 0, 3)) {
        throw new IOException(input + " is not a SequenceFile: it does not start with SEQ");
      }
      if (magic[3] != SequenceFile.VERSION) {
        throw new IOException(input + " is a version " + magic[3] + " SequenceFile; only version "
            + SequenceFile.VERSION + " is supported");
      }
      String keyClassName = readString(input);
      String valClassName = readString(input);
      boolean compressed = din.readBoolean();
      boolean blockCompressed = din.readBoolean();
      if (blockCompressed && !compressed) {
        throw input.corrupt(0, "the header says block-compressed but not compressed");
      }
      CompressionCodec codec = compressed ? SequenceFileClasses.newCodec(readString(input), input, conf) : null;
      Map<String, String> metadata = readMetadata(input);
      return new SequenceFileHeader(keyClassName, valClassName, compressed, blockCompressed, codec, metadata,
          SyncMarker.read(din));
    } catch (EOFException e) {
      throw input.corrupt(0, "the file ends inside the header", e);
    }
  }

  private static String readString(SequenceFileInput input) throws IOException {
    long at = input.getPos();
    int length = WritableUtils.readVInt(input.data());
    if (length < 0 || length > MAX_HEADER_STRING || length > input.end() - input.getPos()) {
      throw input.corrupt(at, "header string length " + length + " is impossible for a file of "
          + input.end() + " bytes");
    }
    byte[] utf8 = new byte[length];
    input.data().readFully(utf8);
    return Text.decode(utf8);
  }

  private static Map<String, String> readMetadata(SequenceFileInput input) throws IOException {
    long at = input.getPos();
    int count = input.data().readInt();
    if (count < 0 || count > input.end() - input.getPos()) {
      throw input.corrupt(at, "metadata entry count " + count + " is impossible");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      entries.put(readString(input), readString(input));
    }
    return Collections.unmodifiableMap(entries);
  }
}
