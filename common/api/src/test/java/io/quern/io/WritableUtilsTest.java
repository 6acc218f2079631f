package io.quern.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WritableUtilsTest {

  private static byte[] vlong(long value) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    WritableUtils.writeVLong(out, value);
    return java.util.Arrays.copyOf(out.getData(), out.getLength());
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void encodingMatchesHadoopByteForByte() throws IOException {
    assertArrayEquals(bytes(0x00), vlong(0));
    assertArrayEquals(bytes(0x7f), vlong(127));
    assertArrayEquals(bytes(0x8f, 0x80), vlong(128));
    assertArrayEquals(bytes(0x8f, 0xff), vlong(255));
    assertArrayEquals(bytes(0x8e, 0x01, 0x00), vlong(256));
    assertArrayEquals(bytes(0xff), vlong(-1));
    assertArrayEquals(bytes(0x90), vlong(-112));
    assertArrayEquals(bytes(0x87, 0x70), vlong(-113));
    assertArrayEquals(bytes(0x87, 0xff), vlong(-256));
    assertArrayEquals(bytes(0x8c, 0x7f, 0xff, 0xff, 0xff), vlong(Integer.MAX_VALUE));
    assertArrayEquals(bytes(0x84, 0x7f, 0xff, 0xff, 0xff), vlong(Integer.MIN_VALUE));
    assertArrayEquals(bytes(0x88, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), vlong(Long.MAX_VALUE));
    assertArrayEquals(bytes(0x80, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), vlong(Long.MIN_VALUE));
  }

  @Test
  void randomValuesRoundTripWithConsistentSizes() throws IOException {
    Random random = new Random(42);
    DataOutputBuffer out = new DataOutputBuffer();
    long[] values = new long[5000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextLong() >> random.nextInt(64);
      WritableUtils.writeVLong(out, values[i]);
    }
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    for (long value : values) {
      int start = in.getPosition();
      byte first = out.getData()[start];
      assertEquals(value, WritableComparator.readVLong(out.getData(), start));
      assertEquals(value, WritableUtils.readVLong(in));
      int size = in.getPosition() - start;
      assertEquals(WritableUtils.getVIntSize(value), size);
      assertEquals(WritableUtils.decodeVIntSize(first), size);
      assertEquals(value < 0, WritableUtils.isNegativeVInt(first));
    }
    assertEquals(0, in.remaining());
  }

  @Test
  void vintRejectsValuesOutsideIntRange() throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    WritableUtils.writeVLong(out, 1L << 40);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> WritableUtils.readVInt(in));
  }

  @Test
  void stringsRoundTripIncludingNull() throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    WritableUtils.writeString(out, "héllo \uD83D\uDE00");
    WritableUtils.writeString(out, null);
    WritableUtils.writeString(out, "");
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    assertEquals("héllo \uD83D\uDE00", WritableUtils.readString(in));
    assertNull(WritableUtils.readString(in));
    assertEquals("", WritableUtils.readString(in));
  }

  @Test
  void hugeGarbageLengthFailsWithEofNotOutOfMemory() {
    DataInputBuffer in = new DataInputBuffer();
    in.reset(new byte[10], 10);
    org.junit.jupiter.api.Assertions.assertThrows(java.io.EOFException.class,
        () -> WritableUtils.readBytes(in, null, Integer.MAX_VALUE - 8));
  }

  @Test
  void cloneIsAnEqualButSeparateCopy() {
    Text orig = new Text("kept value");
    Text copy = WritableUtils.clone(orig, null);
    assertEquals(orig, copy);
    orig.set("overwritten by the framework");
    assertEquals(new Text("kept value"), copy);
  }
}
