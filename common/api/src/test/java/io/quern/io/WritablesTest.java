package io.quern.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quern.util.ReflectionUtils;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WritablesTest {

  private final Random random = new Random(7);

  static byte[] serialize(Writable w) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    w.write(out);
    return java.util.Arrays.copyOf(out.getData(), out.getLength());
  }

  static <T extends Writable> T roundTrip(T w) throws IOException {
    byte[] bytes = serialize(w);
    @SuppressWarnings("unchecked")
    T copy = (T) ReflectionUtils.newInstance(w.getClass());
    DataInputBuffer in = new DataInputBuffer();
    in.reset(bytes, bytes.length);
    copy.readFields(in);
    assertEquals(0, in.remaining(), "readFields consumed every byte of " + w);
    return copy;
  }

  /** Serializes pairs at odd offsets of one array so comparators must honour start and length. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void assertRawAgrees(List<? extends WritableComparable> values) throws IOException {
    WritableComparator comparator = WritableComparator.get(values.get(0).getClass());
    DataOutputBuffer out = new DataOutputBuffer();
    int[] starts = new int[values.size() + 1];
    out.write(new byte[] {9, 9, 9});
    for (int i = 0; i < values.size(); i++) {
      starts[i] = out.getLength();
      values.get(i).write(out);
    }
    starts[values.size()] = out.getLength();
    byte[] buf = out.getData();
    for (int i = 0; i < values.size(); i++) {
      int j = (i * 31 + 7) % values.size();
      WritableComparable a = values.get(i);
      WritableComparable b = values.get(j);
      int expected = Integer.signum(a.compareTo(b));
      int raw = comparator.compare(buf, starts[i], starts[i + 1] - starts[i], buf, starts[j], starts[j + 1] - starts[j]);
      assertEquals(expected, Integer.signum(raw), () -> "raw comparator disagrees on " + a + " vs " + b);
      assertEquals(a, roundTrip(a));
      assertEquals(a.hashCode(), roundTrip(a).hashCode());
    }
  }

  private <T> List<T> generate(int n, Function<Random, T> make) {
    List<T> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(make.apply(random));
    }
    return values;
  }

  static String randomUnicode(Random random, int maxChars) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(maxChars + 1);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(4)) {
        case 0 -> sb.append((char) ('a' + random.nextInt(26)));
        case 1 -> sb.append((char) (0x80 + random.nextInt(0x700)));
        case 2 -> sb.append((char) (0x800 + random.nextInt(0xd000 - 0x800)));
        default -> sb.appendCodePoint(0x10000 + random.nextInt(0x10ffff - 0x10000));
      }
    }
    return sb.toString();
  }

  @Test
  void rawComparatorsAgreeWithCompareTo() throws IOException {
    assertRawAgrees(generate(300, r -> new IntWritable(r.nextBoolean() ? r.nextInt() : r.nextInt(200) - 100)));
    assertRawAgrees(generate(300, r -> new LongWritable(r.nextLong() >> r.nextInt(64))));
    assertRawAgrees(generate(300, r -> new VIntWritable(r.nextInt() >> r.nextInt(32))));
    assertRawAgrees(generate(300, r -> new VLongWritable(r.nextLong() >> r.nextInt(64))));
    assertRawAgrees(generate(300, r -> new FloatWritable((float) r.nextGaussian() * 1e6f)));
    assertRawAgrees(generate(300, r -> new DoubleWritable(r.nextGaussian() * 1e100)));
    assertRawAgrees(generate(20, r -> new BooleanWritable(r.nextBoolean())));
    assertRawAgrees(generate(300, r -> new Text(randomUnicode(r, 12))));
    assertRawAgrees(generate(300, r -> {
      byte[] b = new byte[r.nextInt(10)];
      r.nextBytes(b);
      return new BytesWritable(b);
    }));
  }

  @Test
  void specialFloatingPointValuesOrderLikeCompare() throws IOException {
    assertRawAgrees(List.of(new DoubleWritable(Double.NaN), new DoubleWritable(-0.0), new DoubleWritable(0.0),
        new DoubleWritable(Double.NEGATIVE_INFINITY), new DoubleWritable(1)));
    assertRawAgrees(List.of(new FloatWritable(Float.NaN), new FloatWritable(-0.0f), new FloatWritable(0.0f),
        new FloatWritable(Float.POSITIVE_INFINITY)));
  }

  @Test
  void fixedWidthEncodingsAreBigEndian() throws IOException {
    assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe}, serialize(new IntWritable(-2)));
    assertArrayEquals(new byte[] {0, 0, 0, 2, 7, 8}, serialize(new BytesWritable(new byte[] {7, 8})));
    assertArrayEquals(new byte[] {3, 'a', 'b', 'c'}, serialize(new Text("abc")));
    assertArrayEquals(new byte[0], serialize(NullWritable.get()));
  }

  @Test
  void nullWritableIsASingletonThatSerializesToNothing() throws IOException {
    assertSame(NullWritable.get(), NullWritable.get());
    assertEquals(NullWritable.get(), roundTrip(NullWritable.get()));
    assertEquals(0, WritableComparator.get(NullWritable.class).compare(new byte[0], 0, 0, new byte[0], 0, 0));
  }

  @Test
  void registeredComparatorsAreSharedAndOthersDeserialize() throws IOException {
    assertSame(WritableComparator.get(Text.class), WritableComparator.get(Text.class));
    assertEquals(Text.Comparator.class, WritableComparator.get(Text.class).getClass());
    WritableComparator plain = WritableComparator.get(Unregistered.class);
    assertEquals(WritableComparator.class, plain.getClass());
    assertNotSame(plain, WritableComparator.get(Unregistered.class));
    List<Unregistered> values = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      values.add(new Unregistered(random.nextInt(21) - 10));
    }
    assertRawAgrees(values);
  }

  @Test
  void decreasingComparatorReversesLongs() throws IOException {
    byte[] one = serialize(new LongWritable(1));
    byte[] two = serialize(new LongWritable(2));
    assertEquals(1, Integer.signum(new LongWritable.DecreasingComparator().compare(one, 0, 8, two, 0, 8)));
  }

  @Test
  void containersRoundTrip() throws IOException {
    ArrayWritable array = new ArrayWritable(new String[] {"x", "", "héllo"});
    ArrayWritable arrayCopy = new ArrayWritable(Text.class);
    DataInputBuffer in = new DataInputBuffer();
    byte[] bytes = serialize(array);
    in.reset(bytes, bytes.length);
    arrayCopy.readFields(in);
    assertArrayEquals(array.toStrings(), arrayCopy.toStrings());
    assertEquals(3, ((Text[]) arrayCopy.toArray()).length);

    MapWritable map = new MapWritable();
    map.put(new Text("count"), new IntWritable(3));
    map.put(new IntWritable(7), new DoubleWritable(2.5));
    map.put(new Text("none"), NullWritable.get());
    MapWritable mapCopy = roundTrip(map);
    assertEquals(Map.copyOf(map), Map.copyOf(mapCopy));
  }

  @Test
  void bytesWritableResizesAndPrintsHex() {
    BytesWritable b = new BytesWritable(new byte[] {1, (byte) 0xab});
    b.setSize(4);
    assertEquals(4, b.getLength());
    assertEquals("01 ab 00 00", b.toString());
    b.set(new byte[] {5}, 0, 1);
    assertEquals("05", b.toString());
    assertEquals(WritableComparator.hashBytes(new byte[] {5}, 1), b.hashCode());
  }

  /** A key with no registered raw comparator, to exercise the deserializing default. */
  static class Unregistered implements WritableComparable<Unregistered> {
    private int value;

    Unregistered() {
    }

    Unregistered(int value) {
      this.value = value;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeUTF("v" + value);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      value = Integer.parseInt(in.readUTF().substring(1));
    }

    @Override
    public int compareTo(Unregistered o) {
      return Integer.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unregistered u && u.value == value;
    }

    @Override
    public int hashCode() {
      return value;
    }

    @Override
    public String toString() {
      return "Unregistered(" + value + ")";
    }
  }
}
