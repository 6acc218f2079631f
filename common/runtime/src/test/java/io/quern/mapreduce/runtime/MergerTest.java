package io.quern.mapreduce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.WritableComparator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergerTest {

  @TempDir
  Path dir;

  private final Random random = new Random(9);
  private final List<Long> expectedKeys = new ArrayList<>();

  /** A sorted segment of random longs (with duplicates), on disk or in memory. */
  private Segment randomSegment(int n, boolean onDisk, int id) throws IOException {
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = random.nextInt(500) - 250;
      expectedKeys.add(keys[i]);
    }
    java.util.Arrays.sort(keys);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IFileWriter writer = new IFileWriter(bytes);
    WritableSink sink = new WritableSink(writer);
    for (long key : keys) {
      sink.write(new LongWritable(key), new IntWritable(id));
    }
    writer.close();
    byte[] data = bytes.toByteArray();
    if (!onDisk) {
      return Segment.inMemory(data, 0, data.length, writer.getChecksum());
    }
    Path file = dir.resolve("input-" + id);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(data);
    }
    return Segment.onDisk(file, 0, data.length, writer.getChecksum(), false);
  }

  private List<Path> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void multiPassMergeOfDiskAndMemorySegmentsIsSorted() throws IOException {
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      segments.add(randomSegment(i == 4 ? 0 : random.nextInt(400), i % 2 == 0, i));
    }
    List<Path> inputs = filesInDir();
    Merger merger = new Merger(WritableComparator.get(LongWritable.class), 3, dir);
    List<Map.Entry<LongWritable, IntWritable>> merged = Records.readAll(merger.merge(segments),
        LongWritable.class, IntWritable.class);
    assertEquals(expectedKeys.size(), merged.size());
    expectedKeys.sort(null);
    for (int i = 0; i < merged.size(); i++) {
      assertEquals(expectedKeys.get(i), merged.get(i).getKey().get(), "record " + i);
    }
    // 11 segments with factor 3: passes of 3 (first pass 3 since (11 - 1) % 2 == 0), 3, 3, 3, then 3 streamed.
    assertEquals(4, merger.getIntermediatePasses());
    assertTrue(merger.getIntermediateRecords() > 0);
    assertEquals(inputs, filesInDir(), "temporary merge files are deleted");
  }

  @Test
  void fewSegmentsMergeWithoutTemporaryFiles() throws IOException {
    List<Segment> segments = List.of(randomSegment(50, true, 0), randomSegment(60, false, 1));
    Merger merger = new Merger(WritableComparator.get(LongWritable.class), 10, dir);
    assertEquals(110, Records.readAll(merger.merge(segments), LongWritable.class, IntWritable.class).size());
    assertEquals(0, merger.getIntermediatePasses());
    assertEquals(0, Records.readAll(merger.merge(List.of()), LongWritable.class, IntWritable.class).size());
  }

  @Test
  void corruptSegmentFailsTheMergeAndCleansUp() throws IOException {
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      segments.add(randomSegment(100, true, i));
    }
    List<Path> inputs = filesInDir();
    byte[] damaged = Files.readAllBytes(inputs.get(5));
    damaged[damaged.length / 2] ^= 1;
    Files.write(inputs.get(5), damaged);
    Merger merger = new Merger(WritableComparator.get(LongWritable.class), 2, dir);
    org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Records.readAll(merger.merge(segments),
        LongWritable.class, IntWritable.class));
    assertEquals(inputs, filesInDir(), "temporary merge files are deleted after a failure");
  }
}
