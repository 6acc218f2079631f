package io.quern.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceFileTest {

  @TempDir
  Path dir;

  private final Random random = new Random(3);
  private Path file;
  private final List<String> keys = new ArrayList<>();
  private final List<Integer> values = new ArrayList<>();
  /** Offset at which each record was appended (before any sync point the writer put in front of it). */
  private final List<Long> offsets = new ArrayList<>();

  @BeforeEach
  void writeFile() throws IOException {
    file = dir.resolve("data.seq");
    try (OutputStream out = Files.newOutputStream(file);
         SequenceFile.Writer writer = new SequenceFile.Writer(out, Text.class, IntWritable.class)) {
      for (int i = 0; i < 3000; i++) {
        String key = i + ":" + WritablesTest.randomUnicode(random, random.nextInt(8) == 0 ? 300 : 20);
        keys.add(key);
        values.add(random.nextInt());
        offsets.add(writer.getLength());
        writer.append(new Text(key), new IntWritable(values.get(i)));
      }
      assertThrows(IOException.class, () -> writer.append(new IntWritable(1), new IntWritable(1)));
    }
  }

  private SequenceFile.Reader open() throws IOException {
    return new SequenceFile.Reader(new LocalSeekableInput(file));
  }

  @Test
  void recordsReadBackInOrder() throws IOException {
    try (SequenceFile.Reader reader = open()) {
      assertEquals(Text.class, reader.getKeyClass());
      assertEquals(IntWritable.class, reader.getValueClass());
      Text key = new Text();
      IntWritable value = new IntWritable();
      for (int i = 0; i < keys.size(); i++) {
        assertTrue(reader.next(key, value));
        assertTrue(keys.get(i).equals(key.toString()), "key of record " + i);
        assertEquals(values.get(i), value.get());
      }
      assertFalse(reader.next(key, value));
      assertThrows(IOException.class, () -> reader.next(new IntWritable(), value));
    }
  }

  @Test
  void syncPointsAreWrittenAboutEveryTwoThousandBytes() throws IOException {
    long size = Files.size(file);
    int syncs = 0;
    try (SequenceFile.Reader reader = open()) {
      while (reader.next(new Text(), new IntWritable())) {
        if (reader.syncSeen()) {
          syncs++;
        }
      }
    }
    assertTrue(syncs >= size / (SequenceFile.SYNC_INTERVAL + 400), "only " + syncs + " sync points in " + size);
    assertTrue(syncs <= size / SequenceFile.SYNC_INTERVAL, syncs + " sync points in " + size);
  }

  @Test
  void syncFromAnyOffsetYieldsASuffixOfTheRecords() throws IOException {
    long size = Files.size(file);
    try (SequenceFile.Reader reader = open()) {
      for (int trial = 0; trial < 40; trial++) {
        long offset = trial == 0 ? 1 : (long) (random.nextDouble() * size);
        reader.sync(offset);
        assertTrue(reader.getPosition() >= Math.min(offset, size));
        List<String> tail = new ArrayList<>();
        Text key = new Text();
        IntWritable value = new IntWritable();
        while (reader.next(key, value)) {
          tail.add(key.toString());
        }
        List<String> expected = keys.subList(keys.size() - tail.size(), keys.size());
        assertTrue(expected.equals(tail), "after sync(" + offset + ") the records are not a suffix");
      }
    }
  }

  /** Reads the splits [cuts[i], cuts[i + 1]) one after another and returns all keys seen. */
  private List<String> readSplits(List<Long> cuts) throws IOException {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.size(); i++) {
      long start = cuts.get(i);
      try (SequenceFileRangeReader split = new SequenceFileRangeReader(open(), start, cuts.get(i + 1) - start)) {
        Text key = new Text();
        IntWritable value = new IntWritable();
        while (split.next(key, value)) {
          seen.add(key.toString());
        }
        float progress = split.getProgress();
        assertTrue(progress >= 0f && progress <= 1f, "progress " + progress);
      }
    }
    return seen;
  }

  /** Compares without printing thousands of keys on failure. */
  private void assertSameKeys(List<String> actual, String what) {
    for (int i = 0; i < Math.min(keys.size(), actual.size()); i++) {
      String expected = keys.get(i);
      String got = actual.get(i);
      int at = i;
      assertEquals(expected, got, () -> what + ": first difference at record " + at);
    }
    assertEquals(keys.size(), actual.size(), what + ": record count");
  }

  @Test
  void splitsThatTileTheFileReturnEveryRecordExactlyOnce() throws IOException {
    long size = Files.size(file);
    for (long splitSize : new long[] {97, 1999, 2000, 2021, 4096, 30_000, size, size + 10}) {
      List<Long> cuts = new ArrayList<>();
      for (long start = 0; start < size; start += splitSize) {
        cuts.add(start);
      }
      cuts.add(size);
      assertSameKeys(readSplits(cuts), "split size " + splitSize);
    }
  }

  @Test
  void oneByteSplitsAroundSyncPointsLoseNothing() throws IOException {
    long size = Files.size(file);
    long from = offsets.get(1000);
    List<Long> cuts = new ArrayList<>(List.of(0L));
    for (long at = from; at < from + 3 * SequenceFile.SYNC_INTERVAL; at++) {
      cuts.add(at);
    }
    cuts.add(size);
    assertSameKeys(readSplits(cuts), "one-byte splits");
  }

  @Test
  void randomSplitBoundariesReturnEveryRecordExactlyOnce() throws IOException {
    long size = Files.size(file);
    List<Long> cuts = new ArrayList<>(List.of(0L, size, offsets.get(100), offsets.get(100) + 1));
    for (int i = 0; i < 12; i++) {
      cuts.add((long) (random.nextDouble() * size));
    }
    cuts.sort(null);
    assertSameKeys(readSplits(cuts), "random splits " + cuts);
  }

  @Test
  void truncatedFileFailsWithOffsetAndNoPartialRecord() throws IOException {
    long size = Files.size(file);
    for (long cut : new long[] {size - 1, size - 3, offsets.get(2000) + 6, offsets.get(2000) + 2}) {
      Path truncated = dir.resolve("cut-" + cut);
      Files.write(truncated, Arrays.copyOf(Files.readAllBytes(file), (int) cut));
      try (SequenceFile.Reader reader = new SequenceFile.Reader(new LocalSeekableInput(truncated))) {
        Text key = new Text();
        IntWritable value = new IntWritable();
        IOException e = assertThrows(IOException.class, () -> {
          while (reader.next(key, value)) {
            // read until the damage
          }
        });
        assertTrue(e.getMessage().startsWith("corrupt SequenceFile at offset "), e.getMessage());
      }
    }
  }

  @Test
  void truncatedHeaderIsReportedAsCorrupt() throws IOException {
    Path truncated = dir.resolve("header");
    Files.write(truncated, Arrays.copyOf(Files.readAllBytes(file), 20));
    IOException e = assertThrows(IOException.class, () -> new SequenceFile.Reader(new LocalSeekableInput(truncated)));
    assertTrue(e.getMessage().startsWith("corrupt SequenceFile at offset "), e.getMessage());
    Path notSeq = dir.resolve("not-seq");
    Files.writeString(notSeq, "hello world, this is text");
    assertThrows(IOException.class, () -> new SequenceFile.Reader(new LocalSeekableInput(notSeq)));
  }

  @Test
  void garbageLengthsAreBoundedByTheFileSize() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int recordAt = (int) (long) offsets.get(0);
    ByteBuffer.wrap(bytes).putInt(recordAt, Integer.MAX_VALUE - 1);
    Path garbled = dir.resolve("garbled");
    Files.write(garbled, bytes);
    try (SequenceFile.Reader reader = new SequenceFile.Reader(new LocalSeekableInput(garbled))) {
      IOException e = assertThrows(IOException.class, () -> reader.next(new Text(), new IntWritable()));
      assertTrue(e.getMessage().startsWith("corrupt SequenceFile at offset " + recordAt + " of "), e.getMessage());
    }
    bytes = Files.readAllBytes(file);
    // A key whose own vint length claims far more than the record holds.
    bytes[recordAt + 8] = (byte) 0x8c;
    Files.write(garbled, bytes);
    try (SequenceFile.Reader reader = new SequenceFile.Reader(new LocalSeekableInput(garbled))) {
      IOException e = assertThrows(IOException.class, () -> reader.next(new Text(), new IntWritable()));
      assertTrue(e.getMessage().contains("corrupt SequenceFile at offset " + recordAt), e.getMessage());
    }
  }

  @Test
  void emptyFileHasOnlyAHeader() throws IOException {
    Path empty = dir.resolve("empty.seq");
    try (SequenceFile.Writer writer = new SequenceFile.Writer(Files.newOutputStream(empty), LongWritable.class,
        NullWritable.class)) {
      assertTrue(writer.getLength() > 0);
    }
    try (SequenceFileRangeReader split = new SequenceFileRangeReader(
        new SequenceFile.Reader(new LocalSeekableInput(empty)), 0, Files.size(empty))) {
      assertFalse(split.next(new LongWritable(), NullWritable.get()));
    }
  }

  @Test
  void hadoopClassNamesMapToQuernClasses() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    DataOutputBuffer header = new DataOutputBuffer();
    header.write(new byte[] {'S', 'E', 'Q', 6});
    Text.writeString(header, "org.apache.hadoop.io.Text");
    Text.writeString(header, "org.apache.hadoop.io.IntWritable");
    int oldHeaderStrings = 4 + 1 + Text.class.getName().length() + 1 + IntWritable.class.getName().length();
    Path hadoop = dir.resolve("hadoop.seq");
    try (OutputStream out = Files.newOutputStream(hadoop)) {
      out.write(header.getData(), 0, header.getLength());
      out.write(bytes, oldHeaderStrings, bytes.length - oldHeaderStrings);
    }
    try (SequenceFile.Reader reader = new SequenceFile.Reader(new LocalSeekableInput(hadoop))) {
      assertEquals("org.apache.hadoop.io.Text", reader.getKeyClassName());
      assertEquals(Text.class, reader.getKeyClass());
      Text key = new Text();
      assertTrue(reader.next(key, new IntWritable()));
      assertEquals(keys.get(0), key.toString());
    }
  }
}
