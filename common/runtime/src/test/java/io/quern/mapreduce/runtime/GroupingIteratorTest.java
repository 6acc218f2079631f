package io.quern.mapreduce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.io.WritableComparable;
import io.quern.io.WritableComparator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupingIteratorTest {

  @TempDir
  Path dir;

  /** A secondary-sort key: grouped by {@code first}, sorted by (first, second). */
  static final class PairKey implements WritableComparable<PairKey> {
    int first;
    int second;

    static {
      WritableComparator.define(PairKey.class, new SortComparator());
    }

    PairKey() {
    }

    PairKey(int first, int second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(first);
      out.writeInt(second);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      first = in.readInt();
      second = in.readInt();
    }

    @Override
    public int compareTo(PairKey o) {
      int c = Integer.compare(first, o.first);
      return c != 0 ? c : Integer.compare(second, o.second);
    }

    static final class SortComparator extends WritableComparator {
      SortComparator() {
        super(PairKey.class);
      }

      @Override
      public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
        int c = Integer.compare(readInt(b1, s1), readInt(b2, s2));
        return c != 0 ? c : Integer.compare(readInt(b1, s1 + 4), readInt(b2, s2 + 4));
      }
    }

    static final class FirstOnly extends WritableComparator {
      FirstOnly() {
        super(PairKey.class);
      }

      @Override
      public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
        return Integer.compare(readInt(b1, s1), readInt(b2, s2));
      }
    }
  }

  /** Sorts the records through a real map output buffer and returns the one partition. */
  private RawKeyValueIterator sorted(List<int[]> records) throws IOException {
    MapOutputBuffer buffer = new MapOutputBuffer(dir, 1, WritableComparator.get(PairKey.class), null,
        new SortOptions(16 * 1024, 0.8f, 3, 3));
    for (int[] r : records) {
      // The value repeats the key's second half, so the test can see which record it came from.
      buffer.collect(new PairKey(r[0], r[1]), new IntWritable(r[1]), 0);
    }
    SpillIndex index = buffer.flush();
    buffer.close();
    return Segment.onDisk(buffer.getOutputFile(), index.get(0)).open();
  }

  @Test
  void secondarySortGroupsByFirstAndSeesEachFullKey() throws IOException {
    Random random = new Random(31);
    TreeMap<Integer, List<Integer>> reference = new TreeMap<>();
    List<int[]> records = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int first = random.nextInt(300) - 150;
      int second = random.nextInt();
      records.add(new int[] {first, second});
      reference.computeIfAbsent(first, f -> new ArrayList<>()).add(second);
    }
    reference.values().forEach(list -> list.sort(null));
    PairKey key = new PairKey();
    IntWritable value = new IntWritable();
    GroupingIterator<PairKey, IntWritable> groups =
        new GroupingIterator<>(sorted(records), new PairKey.FirstOnly(), key, value);
    TreeMap<Integer, List<Integer>> actual = new TreeMap<>();
    while (groups.nextKey()) {
      int first = groups.getCurrentKey().first;
      assertFalse(actual.containsKey(first), "group " + first + " appears once");
      List<Integer> seconds = new ArrayList<>();
      for (IntWritable v : groups.getValues()) {
        assertEquals(first, key.first);
        assertEquals(v.get(), key.second, "the key object follows the values");
        seconds.add(v.get());
      }
      actual.put(first, seconds);
    }
    assertEquals(reference, actual);
    assertEquals(reference.size(), groups.getGroupCount());
    assertEquals(records.size(), groups.getRecordCount());
  }

  @Test
  void unreadValuesAreSkipped() throws IOException {
    List<int[]> records = new ArrayList<>();
    for (int first = 0; first < 50; first++) {
      for (int second = 0; second < first % 7; second++) {
        records.add(new int[] {first, second});
      }
    }
    GroupingIterator<PairKey, IntWritable> groups =
        new GroupingIterator<>(sorted(records), new PairKey.FirstOnly(), new PairKey(), new IntWritable());
    List<Integer> firsts = new ArrayList<>();
    int group = 0;
    while (groups.nextKey()) {
      firsts.add(groups.getCurrentKey().first);
      assertEquals(0, groups.getCurrentKey().second, "before iterating, the key is the group's first");
      Iterator<IntWritable> values = groups.getValues().iterator();
      if (group++ % 2 == 0) {
        values.next();
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int first = 0; first < 50; first++) {
      if (first % 7 != 0) {
        expected.add(first);
      }
    }
    assertEquals(expected, firsts);
    assertEquals(records.size(), groups.getRecordCount());
  }

  @Test
  void valuesStopAtTheGroupBoundary() throws IOException {
    List<int[]> records = List.of(new int[] {1, 10}, new int[] {1, 11}, new int[] {2, 20});
    GroupingIterator<PairKey, IntWritable> groups =
        new GroupingIterator<>(sorted(records), new PairKey.FirstOnly(), new PairKey(), new IntWritable());
    assertTrue(groups.nextKey());
    Iterator<IntWritable> first = groups.getValues().iterator();
    assertEquals(10, first.next().get());
    assertEquals(11, first.next().get());
    assertFalse(first.hasNext());
    assertThrows(NoSuchElementException.class, first::next);
    assertTrue(groups.nextKey());
    assertFalse(first.hasNext(), "an old group's iterator stays exhausted");
    assertEquals(20, groups.getValues().iterator().next().get());
    assertFalse(groups.nextKey());
    assertFalse(groups.nextKey());
  }

  @Test
  void plainGroupingByTextKey() throws IOException {
    MapOutputBuffer buffer = new MapOutputBuffer(dir, 1, WritableComparator.get(Text.class), null,
        SortOptions.defaults().withBufferBytes(4096));
    String[] words = {"b", "a", "c", "a", "b", "a", ""};
    for (String w : words) {
      buffer.collect(new Text(w), new IntWritable(1), 0);
    }
    SpillIndex index = buffer.flush();
    buffer.close();
    GroupingIterator<Text, IntWritable> groups = new GroupingIterator<>(
        Segment.onDisk(buffer.getOutputFile(), index.get(0)).open(), WritableComparator.get(Text.class),
        new Text(), new IntWritable());
    List<String> summary = new ArrayList<>();
    while (groups.nextKey()) {
      int count = 0;
      for (IntWritable ignored : groups.getValues()) {
        count++;
      }
      summary.add(groups.getCurrentKey() + "=" + count);
    }
    assertEquals(List.of("=1", "a=3", "b=2", "c=1"), summary);
  }
}
