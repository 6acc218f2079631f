package io.quern.mapreduce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.DataOutputBuffer;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.io.WritableUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IFileTest {

  @TempDir
  Path dir;

  private byte[] segment;
  private long checksum;
  private final int count = 2000;

  @BeforeEach
  void writeSegment() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {1, 2, 3}); // a segment need not start at offset 0
    IFileWriter writer = new IFileWriter(out);
    WritableSink sink = new WritableSink(writer);
    Random random = new Random(5);
    for (int i = 0; i < count; i++) {
      // Every 100th value is bigger than the reader's buffer, which must grow for it.
      char[] filler = new char[i % 100 == 0 ? 70_000 + random.nextInt(100) : random.nextInt(30)];
      Arrays.fill(filler, 'v');
      sink.write(new IntWritable(i), new Text(new String(filler)));
    }
    writer.close();
    assertEquals(count, writer.getRecordCount());
    byte[] all = out.toByteArray();
    segment = Arrays.copyOfRange(all, 3, all.length);
    assertEquals(segment.length, writer.getRawLength());
    checksum = writer.getChecksum();
  }

  private void assertRecords(RawKeyValueIterator reader) throws IOException {
    List<Map.Entry<IntWritable, Text>> records = Records.readAll(reader, IntWritable.class, Text.class);
    assertEquals(count, records.size());
    for (int i = 0; i < count; i++) {
      assertEquals(i, records.get(i).getKey().get());
    }
    assertTrue(records.get(100).getValue().getLength() > 70_000);
  }

  @Test
  void readsBackFromDiskAndMemory() throws IOException {
    Path file = dir.resolve("segment");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(new byte[7]);
      out.write(segment);
    }
    assertRecords(Segment.onDisk(file, 7, segment.length, checksum, false).open());
    assertRecords(Segment.inMemory(segment, 0, segment.length, checksum).open());
    assertRecords(Segment.inMemory(segment, 0, segment.length, IFileReader.NO_CHECKSUM).open());
    assertTrue(Files.exists(file));
  }

  @Test
  void flippedBitFailsTheChecksum() throws IOException {
    byte[] damaged = segment.clone();
    damaged[segment.length / 2] ^= 0x10;
    Path file = dir.resolve("damaged");
    Files.write(file, damaged);
    IOException e = assertThrows(IOException.class,
        () -> Records.readAll(Segment.onDisk(file, 0, damaged.length, checksum, false).open(), IntWritable.class,
            Text.class));
    assertTrue(e.getMessage().startsWith("corrupt map output segment"), e.getMessage());
    assertThrows(IOException.class, () -> Segment.inMemory(damaged, 0, damaged.length, checksum).open());
  }

  @Test
  void truncatedSegmentsFailClearly() throws IOException {
    for (int cut : new int[] {segment.length - 1, segment.length - 2, segment.length / 3, 1}) {
      byte[] truncated = Arrays.copyOf(segment, cut);
      IOException fromMemory = assertThrows(IOException.class, () -> Records.readAll(
          Segment.inMemory(truncated, 0, cut, IFileReader.NO_CHECKSUM).open(), IntWritable.class, Text.class));
      assertTrue(fromMemory.getMessage().startsWith("corrupt map output segment"), fromMemory.getMessage());
      // The index claims the full length but the file is short.
      Path file = dir.resolve("cut" + cut);
      Files.write(file, truncated);
      IOException fromDisk = assertThrows(IOException.class, () -> Records.readAll(
          Segment.onDisk(file, 0, segment.length, IFileReader.NO_CHECKSUM, false).open(), IntWritable.class,
          Text.class));
      assertTrue(fromDisk.getMessage().contains("ends"), fromDisk.getMessage());
    }
  }

  @Test
  void garbageLengthIsRejectedBeforeAllocating() throws IOException {
    DataOutputBuffer bad = new DataOutputBuffer();
    WritableUtils.writeVInt(bad, Integer.MAX_VALUE - 3);
    WritableUtils.writeVInt(bad, 5);
    bad.write(new byte[20]);
    IFileReader reader = Segment.inMemory(bad.getData(), 0, bad.getLength(), IFileReader.NO_CHECKSUM).open();
    IOException e = assertThrows(IOException.class, reader::next);
    assertTrue(e.getMessage().contains("left in the segment"), e.getMessage());
  }

  @Test
  void bytesAfterTheEofMarkerAreCorruption() throws IOException {
    byte[] padded = Arrays.copyOf(segment, segment.length + 3);
    IOException e = assertThrows(IOException.class, () -> Records.readAll(
        Segment.inMemory(padded, 0, padded.length, IFileReader.NO_CHECKSUM).open(), IntWritable.class, Text.class));
    assertTrue(e.getMessage().contains("follow the EOF marker"), e.getMessage());
  }

  @Test
  void emptySegmentIsJustTheMarker() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IFileWriter writer = new IFileWriter(out);
    writer.close();
    assertEquals(IFileWriter.EOF_MARKER_LENGTH, writer.getRawLength());
    assertEquals(IFileWriter.EOF_MARKER_LENGTH, out.size());
    IFileReader reader = Segment.inMemory(out.toByteArray(), 0, out.size(), writer.getChecksum()).open();
    assertFalse(reader.next());
    assertFalse(reader.next());
  }
}
