package io.quern.mapreduce.lib.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.io.Writable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TupleWritableTest {
  private static TupleWritable roundTrip(TupleWritable t, TupleWritable into) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    t.write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    into.readFields(in);
    assertEquals(0, in.remaining(), "read every byte written");
    return into;
  }

  @Test
  void mixedClassesAndAbsentPositionsSurviveAWriteAndRead() throws IOException {
    TupleWritable t = new TupleWritable(new Writable[] {new Text("a"), null, new IntWritable(7)});
    TupleWritable back = roundTrip(t, new TupleWritable());
    assertEquals(3, back.size());
    assertTrue(back.has(0));
    assertFalse(back.has(1));
    assertNull(back.get(1));
    assertEquals(new Text("a"), back.get(0));
    assertEquals(new IntWritable(7), back.get(2));
    assertEquals(t, back);
    assertEquals(t.hashCode(), back.hashCode());
    assertEquals("[a,,7]", back.toString());
    List<Writable> present = new ArrayList<>();
    back.forEach(present::add);
    assertEquals(List.of(new Text("a"), new IntWritable(7)), present);
  }

  @Test
  void readingIntoAUsedTupleForgetsItsOldPositions() throws IOException {
    TupleWritable reused = roundTrip(new TupleWritable(new Writable[] {new Text("x"), new Text("y")}), new TupleWritable());
    roundTrip(new TupleWritable(new Writable[] {null, new IntWritable(3)}), reused);
    assertFalse(reused.has(0));
    assertEquals(new IntWritable(3), reused.get(1));
    assertEquals("[,3]", reused.toString());
    assertNotEquals(new TupleWritable(new Writable[] {new Text("x"), new IntWritable(3)}), reused);
  }

  @Test
  void moreThanSixtyFourPositionsKeepTheirPresence() throws IOException {
    Writable[] v = new Writable[130];
    v[0] = new IntWritable(0);
    v[64] = new IntWritable(64);
    v[129] = new IntWritable(129);
    TupleWritable back = roundTrip(new TupleWritable(v), new TupleWritable());
    for (int i = 0; i < 130; i++) {
      assertEquals(i == 0 || i == 64 || i == 129, back.has(i), "position " + i);
    }
    assertEquals(new IntWritable(129), back.get(129));
    assertThrows(IndexOutOfBoundsException.class, () -> back.get(130));
  }

  @Test
  void anUnknownValueClassIsAClearError() throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    io.quern.io.WritableUtils.writeVInt(out, 1);
    io.quern.io.WritableUtils.writeVLong(out, 1);
    Text.writeString(out, "no.such.Value");
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    IOException e = assertThrows(IOException.class, () -> new TupleWritable().readFields(in));
    assertTrue(e.getMessage().contains("no.such.Value"), e.getMessage());
  }
}
