package io.quern.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.compress.BZip2Codec;
import io.quern.io.compress.CodecPool;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.DefaultCodec;
import io.quern.io.compress.GzipCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record- and block-compressed SequenceFiles: round trips, splits, Hadoop's block layout, damage. */
class CompressedSequenceFileTest {

  @TempDir
  Path dir;

  private static final int RECORDS = 20_000;

  private static String key(int i) {
    return "key-" + i + "-" + "x".repeat(i % 37);
  }

  private static long value(int i) {
    return i * 1_000_003L;
  }

  private Path write(CompressionType type, CompressionCodec codec) throws IOException {
    return write(type, codec, RECORDS);
  }

  /** Writes the records with a small block size so the file has many blocks; returns the file. */
  private Path write(CompressionType type, CompressionCodec codec, int records) throws IOException {
    Path file = dir.resolve(type + codec.getDefaultExtension() + ".seq");
    try (SequenceFile.Writer writer = new SequenceFile.Writer(Files.newOutputStream(file), Text.class,
        LongWritable.class, type, codec, 20_000)) {
      for (int i = 0; i < records; i++) {
        writer.append(new Text(key(i)), new LongWritable(value(i)));
      }
    }
    return file;
  }

  private static SequenceFile.Reader open(Path file) throws IOException {
    return new SequenceFile.Reader(new LocalSeekableInput(file));
  }

  @Test
  void recordAndBlockCompressionRoundTripWithEveryCodec() throws IOException {
    Path plain = write(CompressionType.NONE, new DefaultCodec());
    for (CompressionType type : new CompressionType[] {CompressionType.RECORD, CompressionType.BLOCK}) {
      for (CompressionCodec codec : List.of(new DefaultCodec(), new GzipCodec(), new BZip2Codec())) {
        // bzip2 sets up several MB of tables per compressed piece: per value, a few records do.
        int records = type == CompressionType.RECORD && codec instanceof BZip2Codec ? 300 : RECORDS;
        Path file = write(type, codec, records);
        try (SequenceFile.Reader reader = open(file)) {
          assertEquals(type, reader.getCompressionType());
          assertEquals(codec.getClass(), reader.getCompressionCodec().getClass());
          Text key = new Text();
          LongWritable val = new LongWritable();
          for (int i = 0; i < records; i++) {
            assertTrue(reader.next(key, val), type + " " + codec.getDefaultExtension() + " record " + i);
            if (!key.toString().equals(key(i)) || val.get() != value(i)) {
              assertEquals(key(i) + "=" + value(i), key + "=" + val.get(), type + " " + codec.getDefaultExtension());
            }
          }
          assertFalse(reader.next(key, val));
        }
        if (type == CompressionType.BLOCK) {
          assertTrue(Files.size(file) * 4 < Files.size(plain), "block-compressed " + Files.size(file) + " bytes, plain "
              + Files.size(plain));
        }
      }
    }
  }

  @Test
  void splitsOfABlockCompressedFileReturnEveryRecordOnce() throws IOException {
    Path file = write(CompressionType.BLOCK, new GzipCodec());
    long size = Files.size(file);
    for (long splitSize : new long[] {100, 1_000, 4_096, size / 3, size}) {
      List<String> seen = new ArrayList<>();
      for (long start = 0; start < size; start += splitSize) {
        try (SequenceFileRangeReader split = new SequenceFileRangeReader(open(file), start,
            Math.min(splitSize, size - start))) {
          Text key = new Text();
          LongWritable val = new LongWritable();
          while (split.next(key, val)) {
            seen.add(key.toString());
          }
        }
      }
      assertEquals(RECORDS, seen.size(), "split size " + splitSize);
      for (int i = 0; i < RECORDS; i++) {
        if (!seen.get(i).equals(key(i))) {
          assertEquals(key(i), seen.get(i), "split size " + splitSize + ", record " + i);
        }
      }
    }
  }

  /**
   * A block-compressed file built by hand from Hadoop's layout with the JDK's zlib writer (what
   * Hadoop's DefaultCodec writes) and Hadoop's class names: the reader must take it as is.
   */
  @Test
  void readsABlockCompressedFileLaidOutAsHadoopWritesIt() throws IOException {
    byte[] sync = new byte[16];
    new SecureRandom().nextBytes(sync);
    DataOutputBuffer file = new DataOutputBuffer();
    file.write(new byte[] {'S', 'E', 'Q', 6});
    Text.writeString(file, "org.apache.hadoop.io.Text");
    Text.writeString(file, "org.apache.hadoop.io.LongWritable");
    file.writeBoolean(true);
    file.writeBoolean(true);
    Text.writeString(file, "org.apache.hadoop.io.compress.DefaultCodec");
    file.writeInt(0);
    file.write(sync);
    int next = 0;
    for (int block : new int[] {3, 500, 1}) {
      DataOutputBuffer keyLengths = new DataOutputBuffer();
      DataOutputBuffer keys = new DataOutputBuffer();
      DataOutputBuffer valueLengths = new DataOutputBuffer();
      DataOutputBuffer values = new DataOutputBuffer();
      for (int i = 0; i < block; i++, next++) {
        int before = keys.getLength();
        new Text(key(next)).write(keys);
        WritableUtils.writeVInt(keyLengths, keys.getLength() - before);
        before = values.getLength();
        new LongWritable(value(next)).write(values);
        WritableUtils.writeVInt(valueLengths, values.getLength() - before);
      }
      file.writeInt(-1);
      file.write(sync);
      WritableUtils.writeVInt(file, block);
      for (DataOutputBuffer b : List.of(keyLengths, keys, valueLengths, values)) {
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(z)) {
          out.write(b.getData(), 0, b.getLength());
        }
        WritableUtils.writeVInt(file, z.size());
        file.write(z.toByteArray());
      }
    }
    Path path = dir.resolve("hadoop-block.seq");
    Files.write(path, Arrays.copyOf(file.getData(), file.getLength()));
    try (SequenceFile.Reader reader = open(path)) {
      assertInstanceOf(DefaultCodec.class, reader.getCompressionCodec());
      assertTrue(reader.isBlockCompressed());
      Text key = new Text();
      LongWritable val = new LongWritable();
      for (int i = 0; i < next; i++) {
        assertTrue(reader.next(key, val), "record " + i);
        assertEquals(key(i), key.toString());
        assertEquals(value(i), val.get());
      }
      assertFalse(reader.next(key, val));
    }
  }

  @Test
  void damagedCompressedFilesFailWithTheOffset() throws IOException {
    for (CompressionType type : new CompressionType[] {CompressionType.RECORD, CompressionType.BLOCK}) {
      byte[] bytes = Files.readAllBytes(write(type, new GzipCodec()));
      Path cut = dir.resolve("cut-" + type);
      Files.write(cut, Arrays.copyOf(bytes, bytes.length - 7));
      List<Path> damagedFiles = new ArrayList<>(List.of(cut));
      if (type == CompressionType.BLOCK) {
        // Everything of a block is compressed, so the codec's own check catches any flipped bit
        // (in record compression the keys are plain, as in Hadoop).
        Path flipped = dir.resolve("flipped-" + type);
        byte[] damaged = bytes.clone();
        damaged[bytes.length * 2 / 3] ^= 0x5a;
        Files.write(flipped, damaged);
        damagedFiles.add(flipped);
      }
      for (Path bad : damagedFiles) {
        try (SequenceFile.Reader reader = open(bad)) {
          IOException e = assertThrows(IOException.class, () -> {
            Text key = new Text();
            LongWritable val = new LongWritable();
            while (reader.next(key, val)) {
              // read until the damage
            }
          }, bad.getFileName().toString());
          assertTrue(e.getMessage().startsWith("corrupt SequenceFile at offset "), e.getMessage());
        }
      }
    }
  }

  @Test
  void uncompressedFilesKeepTheirLayout() throws IOException {
    Path plain = write(CompressionType.NONE, new GzipCodec());
    try (SequenceFile.Reader reader = open(plain)) {
      assertEquals(CompressionType.NONE, reader.getCompressionType());
      assertEquals(null, reader.getCompressionCodec());
    }
    byte[] header = Arrays.copyOf(Files.readAllBytes(plain), 80);
    int flags = 4 + 1 + Text.class.getName().length() + 1 + LongWritable.class.getName().length();
    assertEquals(0, header[flags]);
    assertEquals(0, header[flags + 1]);
  }

  @Test
  void writersAndReadersLeaseTheirCodersAndReturnThem() throws IOException {
    for (CompressionType type : new CompressionType[] {CompressionType.RECORD, CompressionType.BLOCK}) {
      for (CompressionCodec codec : List.of(new DefaultCodec(), new GzipCodec(), new BZip2Codec())) {
        String what = type + " " + codec.getDefaultExtension();
        int compressors = CodecPool.getLeasedCompressorsCount(codec);
        int decompressors = CodecPool.getLeasedDecompressorsCount(codec);
        Path file = dir.resolve("leases-" + type + codec.getDefaultExtension() + ".seq");
        try (SequenceFile.Writer writer = new SequenceFile.Writer(Files.newOutputStream(file), Text.class,
            LongWritable.class, type, codec, 5_000)) {
          assertEquals(compressors + 1, CodecPool.getLeasedCompressorsCount(codec), what + ": the writer holds one");
          for (int i = 0; i < 300; i++) {
            writer.append(new Text(key(i)), new LongWritable(value(i)));
          }
        }
        assertEquals(compressors, CodecPool.getLeasedCompressorsCount(codec), what + ": closing returns it");
        int read = 0;
        try (SequenceFile.Reader reader = open(file)) {
          assertEquals(decompressors + 1, CodecPool.getLeasedDecompressorsCount(codec), what);
          Text key = new Text();
          LongWritable val = new LongWritable();
          while (reader.next(key, val)) {
            assertEquals(key(read) + "=" + value(read), key + "=" + val.get(), what);
            read++;
          }
        }
        assertEquals(300, read, what);
        assertEquals(decompressors, CodecPool.getLeasedDecompressorsCount(codec), what + ": closing returns it");
      }
    }
    // A reader whose header is damaged after the codec name returns its decompressor too.
    CompressionCodec codec = new GzipCodec();
    Path file = write(CompressionType.RECORD, codec, 10);
    byte[] bytes = Files.readAllBytes(file);
    int decompressors = CodecPool.getLeasedDecompressorsCount(codec);
    Path cut = dir.resolve("cut.seq");
    Files.write(cut, Arrays.copyOf(bytes, 4 + 1 + Text.class.getName().length() + 1
        + LongWritable.class.getName().length() + 2 + 1 + GzipCodec.class.getName().length() + 2));
    assertThrows(IOException.class, () -> open(cut));
    assertEquals(decompressors, CodecPool.getLeasedDecompressorsCount(codec));
  }
}
