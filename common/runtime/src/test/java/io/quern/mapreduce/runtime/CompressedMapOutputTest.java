package io.quern.mapreduce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.io.WritableComparator;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.DefaultCodec;
import io.quern.io.compress.GzipCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Map output compression: every partition segment of the spills and of the merged output is a
 * compressed stream of its own; the index gives its place and compressed length in the file
 * and its raw length and checksum, and reading it back (from disk, from memory, through a
 * multi-pass merge) gives what an uncompressed run gives.
 */
class CompressedMapOutputTest {

  private static final int PARTITIONS = 4;

  @TempDir
  Path dir;

  /** Runs the same records through a map output buffer with {@code codec}; returns each partition's records. */
  private List<List<Map.Entry<Text, IntWritable>>> run(Path out, CompressionCodec codec, List<SpillIndex> indexes)
      throws IOException {
    Random random = new Random(5);
    SortOptions options = SortOptions.defaults().withBufferBytes(32 * 1024).withSortFactor(3);
    try (MapOutputBuffer buffer = new MapOutputBuffer(out, PARTITIONS, WritableComparator.get(Text.class), null,
        options, codec)) {
      for (int i = 0; i < 30_000; i++) {
        Text key = new Text("word" + random.nextInt(3_000));
        buffer.collect(key, new IntWritable(i), (key.hashCode() & Integer.MAX_VALUE) % PARTITIONS);
      }
      SpillIndex index = buffer.flush();
      assertTrue(buffer.getSpillCount() >= 6, buffer.getSpillCount() + " spills");
      indexes.add(index);
      assertEquals(index.get(PARTITIONS - 1).offset() + index.get(PARTITIONS - 1).partLength(),
          Files.size(buffer.getOutputFile()), "the segments fill the file exactly");
      List<List<Map.Entry<Text, IntWritable>>> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(Records.readAll(Segment.onDisk(buffer.getOutputFile(), index.get(p), codec).open(),
            Text.class, IntWritable.class));
      }
      return partitions;
    }
  }

  @Test
  void compressedOutputHoldsTheSameRecordsInFewerBytes() throws IOException {
    List<SpillIndex> indexes = new ArrayList<>();
    List<List<Map.Entry<Text, IntWritable>>> plain = run(dir.resolve("plain"), null, indexes);
    List<List<Map.Entry<Text, IntWritable>>> zipped = run(dir.resolve("zipped"), new DefaultCodec(), indexes);
    // Equal keys from different spills may merge in either order: compare each partition as a sorted list.
    assertTrue(canonical(plain).equals(canonical(zipped)), "the compressed run holds other records");
    SpillIndex plainIndex = indexes.get(0);
    SpillIndex zippedIndex = indexes.get(1);
    for (int p = 0; p < PARTITIONS; p++) {
      SpillIndex.Entry a = plainIndex.get(p);
      SpillIndex.Entry b = zippedIndex.get(p);
      assertEquals(a.rawLength(), a.partLength());
      assertEquals(a.rawLength(), b.rawLength(), "raw length of partition " + p);
      assertTrue(b.partLength() * 2 < b.rawLength(), "partition " + p + ": " + b.partLength() + " of " + b.rawLength());
    }
    SpillIndex fromDisk = SpillIndex.read(dir.resolve("zipped").resolve(MapOutputBuffer.INDEX_FILE));
    for (int p = 0; p < PARTITIONS; p++) {
      assertEquals(zippedIndex.get(p), fromDisk.get(p));
    }
  }

  private static List<List<String>> canonical(List<List<Map.Entry<Text, IntWritable>>> partitions) {
    List<List<String>> out = new ArrayList<>();
    for (List<Map.Entry<Text, IntWritable>> p : partitions) {
      List<String> records = new ArrayList<>();
      for (Map.Entry<Text, IntWritable> e : p) {
        records.add(e.getKey() + "=" + e.getValue().get());
      }
      records.sort(null);
      out.add(records);
    }
    return out;
  }

  @Test
  void fetchedSegmentsInMemoryAndOnDiskMergeThroughCompressedPasses() throws IOException {
    CompressionCodec codec = new GzipCodec();
    List<SpillIndex> indexes = new ArrayList<>();
    Path mapOut = dir.resolve("map");
    List<List<Map.Entry<Text, IntWritable>>> expected = run(mapOut, codec, indexes);
    SpillIndex index = indexes.get(0);
    Path file = mapOut.resolve(MapOutputBuffer.OUTPUT_FILE);
    byte[] all = Files.readAllBytes(file);
    // Partition 1 as a reducer gets it: the stored (compressed) bytes, five copies as five maps'.
    SpillIndex.Entry e = index.get(1);
    List<Segment> segments = new ArrayList<>();
    for (int copy = 0; copy < 5; copy++) {
      if (copy % 2 == 0) {
        segments.add(Segment.inMemory(all, (int) e.offset(), (int) e.partLength(), e.rawLength(), e.checksum(), codec));
      } else {
        Path fetched = dir.resolve("fetched-" + copy);
        Files.write(fetched, java.util.Arrays.copyOfRange(all, (int) e.offset(), (int) (e.offset() + e.partLength())));
        segments.add(Segment.onDisk(fetched, 0, e.partLength(), e.rawLength(), e.checksum(), true, codec));
      }
    }
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Merger merger = new Merger(WritableComparator.get(Text.class), 2, tmp, codec);
    List<Map.Entry<Text, IntWritable>> merged;
    try (RawKeyValueIterator it = merger.merge(segments)) {
      merged = Records.readAll(it, Text.class, IntWritable.class);
    }
    assertTrue(merger.getIntermediatePasses() >= 2, merger.getIntermediatePasses() + " passes");
    assertEquals(5 * expected.get(1).size(), merged.size());
    for (int i = 0; i < merged.size(); i += 5) {
      for (int j = 0; j < 5; j++) {
        assertEquals(expected.get(1).get(i / 5).getKey(), merged.get(i + j).getKey(), "record " + (i + j));
      }
    }
    try (var left = Files.list(tmp)) {
      assertEquals(0, left.count(), "intermediate files are deleted");
    }
  }

  @Test
  void aDamagedCompressedSegmentFailsTheRead() throws IOException {
    List<SpillIndex> indexes = new ArrayList<>();
    Path mapOut = dir.resolve("map");
    run(mapOut, new DefaultCodec(), indexes);
    SpillIndex.Entry e = indexes.get(0).get(2);
    byte[] all = Files.readAllBytes(mapOut.resolve(MapOutputBuffer.OUTPUT_FILE));
    all[(int) (e.offset() + e.partLength() / 2)] ^= 0x24;
    Segment bad = Segment.inMemory(all, (int) e.offset(), (int) e.partLength(), e.rawLength(), e.checksum(),
        new DefaultCodec());
    // Drained raw: which records the damage garbles depends on where the spills fell (a spill
    // thread), and deserializing a garbled record is not the reader's check; reaching the end
    // of the segment (its checksum) or the codec must fail.
    assertThrows(IOException.class, () -> {
      try (RawKeyValueIterator it = bad.open()) {
        while (it.next()) {
          it.getKey();
          it.getValue();
        }
      }
    });
  }
}
