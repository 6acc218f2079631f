package io.quern.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.SequenceFile.CompressionType;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** MapFile lookups against a TreeMap holding the same entries. */
class MapFileTest {
  @TempDir
  java.nio.file.Path dir;
  private final Configuration conf = conf();

  private static Configuration conf() {
    Configuration c = new Configuration();
    c.set("fs.defaultFS", "file:///");
    // Small compressed blocks, so a block-compressed file has many and its index an entry per block.
    c.setInt(SequenceFile.COMPRESS_BLOCK_SIZE_KEY, 4096);
    return c;
  }

  /** Keys "k" + even numbers (so odd ones are absent, between present ones), random values. */
  private TreeMap<String, String> write(Path mapFile, int entries, CompressionType type) throws IOException {
    TreeMap<String, String> ref = new TreeMap<>();
    Random r = new Random(entries);
    for (int i = 0; i < entries; i++) {
      ref.put(String.format("k%07d", 2 * r.nextInt(entries * 4)), "v" + r.nextLong());
    }
    MapFile.Writer.setIndexInterval(conf, 16);
    try (MapFile.Writer w = new MapFile.Writer(conf, mapFile, MapFile.Writer.keyClass(Text.class),
        MapFile.Writer.valueClass(Text.class), MapFile.Writer.compression(type))) {
      assertEquals(16, w.getIndexInterval());
      if (type == CompressionType.BLOCK) {
        w.setIndexInterval(1); // an entry per block: the first new position after each block is written
      }
      for (Map.Entry<String, String> e : ref.entrySet()) {
        w.append(new Text(e.getKey()), new Text(e.getValue()));
      }
    }
    return ref;
  }

  @ParameterizedTest
  @EnumSource(CompressionType.class)
  void randomLookupsMatchATreeMap(CompressionType type) throws IOException {
    Path file = new Path(dir.resolve("map").toString());
    TreeMap<String, String> ref = write(file, 3_000, type);
    Random r = new Random(1);
    try (MapFile.Reader reader = new MapFile.Reader(file, conf)) {
      assertEquals(Text.class, reader.getKeyClass());
      for (int i = 0; i < 2_000; i++) {
        String probe = String.format("k%07d", r.nextInt(3_000 * 8 + 10));
        Text val = new Text();
        Writable got = reader.get(new Text(probe), val);
        if (ref.containsKey(probe)) {
          assertEquals(ref.get(probe), got.toString(), probe);
        } else {
          assertNull(got, probe);
        }
        Map.Entry<String, String> ceiling = ref.ceilingEntry(probe);
        WritableComparable<?> after = reader.getClosest(new Text(probe), val);
        if (ceiling == null) {
          assertNull(after, probe);
        } else {
          assertEquals(ceiling.getKey(), after.toString(), probe);
          assertEquals(ceiling.getValue(), val.toString());
          // The entry found is consumed: next() goes on after it.
          Map.Entry<String, String> higher = ref.higherEntry(ceiling.getKey());
          Text k = new Text();
          Text v = new Text();
          assertEquals(higher != null, reader.next(k, v));
          if (higher != null) {
            assertEquals(higher.getKey(), k.toString());
            assertEquals(higher.getValue(), v.toString());
          }
        }
        Map.Entry<String, String> floor = ref.floorEntry(probe);
        WritableComparable<?> before = reader.getClosest(new Text(probe), val, true);
        if (floor == null) {
          assertNull(before, probe);
        } else {
          assertEquals(floor.getKey(), before.toString(), probe);
          assertEquals(floor.getValue(), val.toString());
          Map.Entry<String, String> next = ref.higherEntry(floor.getKey());
          Text k = new Text();
          Text v = new Text();
          assertEquals(next != null, reader.next(k, v));
          if (next != null) {
            assertEquals(next.getKey(), k.toString(), "after a backward lookup next() returns the following entry");
          }
        }
        assertEquals(ref.containsKey(probe), reader.seek(new Text(probe)));
      }
      Text last = new Text();
      reader.finalKey(last);
      assertEquals(ref.lastKey(), last.toString());
      assertTrue(ref.containsKey(reader.midKey().toString()));

      reader.reset();
      TreeMap<String, String> all = new TreeMap<>();
      Text k = new Text();
      Text v = new Text();
      String prev = "";
      while (reader.next(k, v)) {
        assertTrue(k.toString().compareTo(prev) > 0, "in key order");
        prev = k.toString();
        all.put(k.toString(), v.toString());
      }
      assertEquals(ref, all);
    }
  }

  @Test
  void keysOutOfOrderAreRefused() throws IOException {
    Path file = new Path(dir.resolve("bad").toString());
    try (MapFile.Writer w = new MapFile.Writer(conf, FileSystem.getLocal(conf), file.toString(), Text.class,
        IntWritable.class)) {
      w.append(new Text("b"), new IntWritable(1));
      w.append(new Text("b"), new IntWritable(2));
      IOException e = assertThrows(IOException.class, () -> w.append(new Text("a"), new IntWritable(3)));
      assertTrue(e.getMessage().contains("out of order"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(value = CompressionType.class, names = {"NONE", "BLOCK"})
  void fixRebuildsALostIndex(CompressionType type) throws IOException {
    Path file = new Path(dir.resolve("fix").toString());
    TreeMap<String, String> ref = write(file, 1_000, type);
    FileSystem fs = FileSystem.getLocal(conf);
    assertEquals(-1, MapFile.fix(fs, file, Text.class, Text.class, false, conf), "the index is there");
    assertTrue(fs.delete(new Path(file, MapFile.INDEX_FILE_NAME), false));
    assertEquals(ref.size(), MapFile.fix(fs, file, Text.class, Text.class, true, conf));
    assertFalse(fs.exists(new Path(file, MapFile.INDEX_FILE_NAME)), "a dry run writes nothing");
    assertThrows(IOException.class, () -> MapFile.fix(fs, file, IntWritable.class, Text.class, false, conf));
    assertEquals(ref.size(), MapFile.fix(fs, file, Text.class, Text.class, false, conf));
    try (MapFile.Reader reader = new MapFile.Reader(fs, file.toString(), conf)) {
      for (Map.Entry<String, String> e : ref.entrySet()) {
        assertEquals(e.getValue(), String.valueOf(reader.get(new Text(e.getKey()), new Text())));
      }
      assertNull(reader.get(new Text("k0000001"), new Text()));
    }
  }
}
