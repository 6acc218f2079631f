package io.quern.mapreduce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.BytesWritable;
import io.quern.io.DataOutputBuffer;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.RawComparator;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableComparator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A smaller prefix (unsigned) must mean a smaller key under the type's own comparator. */
class KeyPrefixTest {
  private static byte[] bytes(Writable w) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    w.write(out);
    return java.util.Arrays.copyOf(out.getData(), out.getLength());
  }

  private static void agrees(Class<?> type, Supplier<Writable> random) throws IOException {
    @SuppressWarnings({"unchecked", "rawtypes"})
    RawComparator<Object> c = (RawComparator) WritableComparator.get((Class) type);
    KeyPrefix prefix = KeyPrefix.of(c);
    assertNotNull(prefix, type.getName());
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      keys.add(bytes(random.get()));
    }
    for (int i = 0; i + 1 < keys.size(); i++) {
      byte[] a = keys.get(i);
      byte[] b = keys.get(i + 1);
      int byPrefix = Integer.compareUnsigned(prefix.of(a, 0, a.length), prefix.of(b, 0, b.length));
      int byKey = Integer.signum(c.compare(a, 0, a.length, b, 0, b.length));
      if (byPrefix != 0) {
        assertEquals(Integer.signum(byPrefix), byKey, type.getSimpleName() + " pair " + i);
      }
      if (byKey == 0) {
        assertEquals(0, byPrefix, "equal keys have equal prefixes");
      }
    }
  }

  @Test
  void textPrefixesOrderAsTextDoes() throws IOException {
    Random r = new Random(1);
    // Short keys, shared beginnings, zero bytes and bytes above 0x7f, where signed order would differ.
    byte[] alphabet = {0, 1, 'a', 'b', (byte) 0x7f, (byte) 0x80, (byte) 0xff};
    agrees(Text.class, () -> {
      byte[] k = new byte[r.nextInt(7)];
      for (int i = 0; i < k.length; i++) {
        k[i] = alphabet[r.nextInt(alphabet.length)];
      }
      Text t = new Text();
      t.set(k, 0, k.length);
      return t;
    });
  }

  @Test
  void bytesWritablePrefixesOrderAsItsComparatorDoes() throws IOException {
    Random r = new Random(2);
    agrees(BytesWritable.class, () -> {
      byte[] k = new byte[r.nextInt(6)];
      for (int i = 0; i < k.length; i++) {
        k[i] = (byte) (r.nextBoolean() ? 0 : r.nextInt(256));
      }
      return new BytesWritable(k);
    });
  }

  @Test
  void intAndLongPrefixesOrderSignedNumbers() throws IOException {
    Random r = new Random(3);
    int[] edges = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE};
    agrees(IntWritable.class, () -> new IntWritable(r.nextInt(4) == 0 ? edges[r.nextInt(edges.length)] : r.nextInt()));
    long[] longEdges = {Long.MIN_VALUE, -1L << 32, -1, 0, 1, 1L << 32, Long.MAX_VALUE};
    agrees(LongWritable.class, () -> new LongWritable(r.nextInt(3) == 0 ? longEdges[r.nextInt(longEdges.length)]
        : r.nextBoolean() ? r.nextLong() : r.nextInt(10)));
  }

  @Test
  void noPrefixForOtherComparatorsEvenSubclassesOfKnownOnes() {
    assertNull(KeyPrefix.of(new LongWritable.DecreasingComparator()));
    assertNull(KeyPrefix.of(null));
    assertTrue(KeyPrefix.of(WritableComparator.get(Text.class)) != null);
  }
}
