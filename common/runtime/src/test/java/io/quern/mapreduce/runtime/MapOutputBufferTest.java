package io.quern.mapreduce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.io.WritableComparator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapOutputBufferTest {

  private static final int PARTITIONS = 5;

  @TempDir
  Path dir;

  private final Random random = new Random(17);

  private static SortOptions small() {
    return SortOptions.defaults().withBufferBytes(64 * 1024).withSortFactor(3);
  }

  private String randomWord() {
    StringBuilder sb = new StringBuilder();
    int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 6);
    for (int i = 0; i < length; i++) {
      sb.append(random.nextInt(20) == 0 ? (char) ('α' + random.nextInt(10)) : (char) ('a' + random.nextInt(4)));
    }
    return sb.toString();
  }

  private static int partitionOf(Object key) {
    return (key.hashCode() & Integer.MAX_VALUE) % PARTITIONS;
  }

  /** Reads every partition of the map output, checking that each is sorted and holds only its own keys. */
  private <K extends WritableComparable<K>, V extends Writable> List<List<Map.Entry<K, V>>> readOutput(
      MapOutputBuffer buffer, SpillIndex index, Class<K> keyClass, Class<V> valueClass) throws IOException {
    assertEquals(Files.size(buffer.getOutputFile()),
        index.get(index.partitions() - 1).offset() + index.get(index.partitions() - 1).rawLength());
    SpillIndex fromDisk = SpillIndex.read(buffer.getIndexFile());
    List<List<Map.Entry<K, V>>> partitions = new ArrayList<>();
    for (int p = 0; p < index.partitions(); p++) {
      assertEquals(index.get(p), fromDisk.get(p));
      List<Map.Entry<K, V>> records = Records.readAll(Segment.onDisk(buffer.getOutputFile(), index.get(p)).open(),
          keyClass, valueClass);
      for (int i = 0; i < records.size(); i++) {
        K key = records.get(i).getKey();
        if (index.partitions() == PARTITIONS) {
          assertEquals(p, partitionOf(key), "partition of " + key);
        }
        if (i > 0) {
          assertTrue(records.get(i - 1).getKey().compareTo(key) <= 0, "sorted at record " + i + " of partition " + p);
        }
      }
      partitions.add(records);
    }
    return partitions;
  }

  private void assertOnlyOutputFilesLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(MapOutputBuffer.OUTPUT_FILE, MapOutputBuffer.INDEX_FILE),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void manySpillsAndMultiPassMergeMatchTheReference() throws IOException {
    TreeMap<String, List<Integer>> reference = new TreeMap<>();
    int n = 40_000;
    try (MapOutputBuffer buffer = new MapOutputBuffer(dir, PARTITIONS, WritableComparator.get(Text.class), null,
        small())) {
      Text key = new Text();
      IntWritable value = new IntWritable();
      for (int i = 0; i < n; i++) {
        String word = randomWord();
        key.set(word);
        value.set(random.nextInt());
        buffer.collect(key, value, partitionOf(key));
        reference.computeIfAbsent(word, w -> new ArrayList<>()).add(value.get());
      }
      SpillIndex index = buffer.flush();
      assertTrue(buffer.getSpillCount() >= 10, buffer.getSpillCount() + " spills");
      assertEquals(n, buffer.getOutputRecords());
      assertTrue(buffer.getSpilledRecords() > 2L * n, "intermediate passes and the final merge count as spilled");
      TreeMap<String, List<Integer>> actual = new TreeMap<>();
      for (List<Map.Entry<Text, IntWritable>> partition : readOutput(buffer, index, Text.class, IntWritable.class)) {
        for (Map.Entry<Text, IntWritable> e : partition) {
          actual.computeIfAbsent(e.getKey().toString(), w -> new ArrayList<>()).add(e.getValue().get());
        }
      }
      reference.values().forEach(values -> values.sort(null));
      actual.values().forEach(values -> values.sort(null));
      assertEquals(reference.keySet(), actual.keySet());
      assertTrue(reference.equals(actual), "values per key differ from the reference");
    }
    assertOnlyOutputFilesLeft();
  }

  @Test
  void combinerRunsOnSpillsAndOnTheFinalMerge() throws IOException {
    TreeMap<String, Integer> reference = new TreeMap<>();
    int n = 20_000;
    try (MapOutputBuffer buffer = new MapOutputBuffer(dir, PARTITIONS, WritableComparator.get(Text.class),
        new SummingCombiner(), small().withBufferBytes(16 * 1024))) {
      for (int i = 0; i < n; i++) {
        String word = randomWord();
        int count = random.nextInt(5);
        buffer.collect(new Text(word), new IntWritable(count), partitionOf(new Text(word)));
        reference.merge(word, count, Integer::sum);
      }
      SpillIndex index = buffer.flush();
      assertTrue(buffer.getSpillCount() >= 3);
      assertTrue(buffer.getCombineInputRecords() >= n, "every record goes through the combiner at least once");
      assertTrue(buffer.getCombineOutputRecords() < buffer.getCombineInputRecords());
      TreeMap<String, Integer> actual = new TreeMap<>();
      for (List<Map.Entry<Text, IntWritable>> partition : readOutput(buffer, index, Text.class, IntWritable.class)) {
        for (Map.Entry<Text, IntWritable> e : partition) {
          Integer previous = actual.put(e.getKey().toString(), e.getValue().get());
          assertEquals(null, previous, "the final merge combined " + e.getKey() + " into one record");
        }
      }
      assertEquals(reference, actual);
    }
  }

  @Test
  void recordsLargerThanTheBufferAreSpilledAlone() throws IOException {
    int bufferBytes = 4096;
    TreeMap<Integer, List<Integer>> reference = new TreeMap<>();
    try (MapOutputBuffer buffer = new MapOutputBuffer(dir, PARTITIONS, WritableComparator.get(IntWritable.class),
        null, small().withBufferBytes(bufferBytes))) {
      for (int i = 0; i < 1500; i++) {
        int key = random.nextInt(2000) - 1000;
        // Mostly small values, some near the ring size, some far larger than it.
        int size = switch (random.nextInt(50)) {
          case 0 -> bufferBytes * (1 + random.nextInt(5));
          case 1 -> bufferBytes - 16 - 4 - 4 - random.nextInt(3);
          case 2 -> bufferBytes / 2 + random.nextInt(100);
          default -> random.nextInt(30);
        };
        Text value = new Text("x".repeat(size));
        buffer.collect(new IntWritable(key), value, partitionOf(key));
        reference.computeIfAbsent(key, k -> new ArrayList<>()).add(size);
      }
      SpillIndex index = buffer.flush();
      TreeMap<Integer, List<Integer>> actual = new TreeMap<>();
      for (List<Map.Entry<IntWritable, Text>> partition : readOutput(buffer, index, IntWritable.class, Text.class)) {
        for (Map.Entry<IntWritable, Text> e : partition) {
          actual.computeIfAbsent(e.getKey().get(), k -> new ArrayList<>()).add(e.getValue().getLength());
        }
      }
      reference.values().forEach(values -> values.sort(null));
      actual.values().forEach(values -> values.sort(null));
      assertTrue(reference.equals(actual), "values per key differ from the reference");
    }
    assertOnlyOutputFilesLeft();
  }

  @Test
  void noRecordsGiveEmptyButValidPartitions() throws IOException {
    try (MapOutputBuffer buffer = new MapOutputBuffer(dir, PARTITIONS, WritableComparator.get(Text.class),
        new SummingCombiner(), small())) {
      SpillIndex index = buffer.flush();
      assertEquals(PARTITIONS, index.partitions());
      assertEquals(PARTITIONS * IFileWriter.EOF_MARKER_LENGTH, Files.size(buffer.getOutputFile()));
      for (List<Map.Entry<Text, IntWritable>> partition : readOutput(buffer, index, Text.class, IntWritable.class)) {
        assertTrue(partition.isEmpty());
      }
      for (int p = 0; p < PARTITIONS; p++) {
        assertFalse(index.get(p).hasRecords());
      }
      assertEquals(0, buffer.getSpillCount());
      assertThrows(IllegalStateException.class, () -> buffer.collect(new Text("late"), new IntWritable(1), 0));
    }
    assertOnlyOutputFilesLeft();
  }

  @Test
  void oneSpillBecomesTheOutputAsIs() throws IOException {
    try (MapOutputBuffer buffer = new MapOutputBuffer(dir, 1, WritableComparator.get(IntWritable.class), null,
        SortOptions.defaults().withBufferBytes(1 << 20))) {
      for (int i = 0; i < 1000; i++) {
        buffer.collect(new IntWritable(999 - i), new IntWritable(i), 0);
      }
      SpillIndex index = buffer.flush();
      assertEquals(1, buffer.getSpillCount());
      assertEquals(1000, buffer.getSpilledRecords());
      List<Map.Entry<IntWritable, IntWritable>> records =
          readOutput(buffer, index, IntWritable.class, IntWritable.class).get(0);
      for (int i = 0; i < 1000; i++) {
        assertEquals(i, records.get(i).getKey().get());
      }
    }
    assertOnlyOutputFilesLeft();
  }

  @Test
  void illegalPartitionIsRejected() throws IOException {
    try (MapOutputBuffer buffer = new MapOutputBuffer(dir, 2, WritableComparator.get(IntWritable.class), null,
        small())) {
      assertThrows(IOException.class, () -> buffer.collect(new IntWritable(1), new IntWritable(1), 2));
      assertThrows(IOException.class, () -> buffer.collect(new IntWritable(1), new IntWritable(1), -1));
    }
  }

  @Test
  void aFailingSpillFailsTheMapAndCloseCleansUp() throws IOException {
    WritableComparator failing = new IntWritable.Comparator() {
      @Override
      public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
        if (readInt(b1, s1) == 4242 || readInt(b2, s2) == 4242) {
          throw new IllegalStateException("comparator failure");
        }
        return super.compare(b1, s1, l1, b2, s2, l2);
      }
    };
    MapOutputBuffer buffer = new MapOutputBuffer(dir, 1, failing, null, small().withBufferBytes(4096));
    IOException e = assertThrows(IOException.class, () -> {
      for (int i = 0; i < 100_000; i++) {
        buffer.collect(new IntWritable(i == 500 ? 4242 : i), new IntWritable(i), 0);
      }
      buffer.flush();
    });
    assertTrue(e.getMessage().contains("comparator failure"), e.getMessage());
    buffer.close();
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(0, files.count(), "spill files deleted");
    }
  }
}
