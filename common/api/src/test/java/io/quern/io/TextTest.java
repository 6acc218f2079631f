package io.quern.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void positionsAreByteOffsets() {
    Text t = new Text("aé€\uD83D\uDE00b");
    assertEquals(1 + 2 + 3 + 4 + 1, t.getLength());
    assertEquals('a', t.charAt(0));
    assertEquals('é', t.charAt(1));
    assertEquals('€', t.charAt(3));
    assertEquals(0x1F600, t.charAt(6));
    assertEquals('b', t.charAt(10));
    assertEquals(-1, t.charAt(11));
    assertEquals(-1, t.charAt(-1));
    assertEquals(3, t.find("€"));
    assertEquals(10, t.find("b"));
    assertEquals(-1, t.find("b", 11));
    assertEquals(-1, t.find("zz"));
    assertEquals(0, t.find(""));
  }

  @Test
  void hashIsTheHadoopByteHash() {
    Text t = new Text("hello");
    int expected = 1;
    for (byte b : "hello".getBytes(StandardCharsets.UTF_8)) {
      expected = 31 * expected + b;
    }
    assertEquals(expected, t.hashCode());
    assertEquals(new Text("hello"), t);
  }

  @Test
  void reusedTextKeepsOnlyValidBytes() throws IOException {
    Text t = new Text("a long first value");
    t.set("short");
    t.append(new byte[] {'!', '?'}, 0, 1);
    assertEquals("short!", t.toString());
    Text other = new Text("short!");
    assertEquals(other, t);
    assertEquals(0, t.compareTo(other));
    DataOutputBuffer out = new DataOutputBuffer();
    new Text("xy").write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    t.readFields(in);
    assertEquals("xy", t.toString());
    assertEquals(2, t.getLength());
    t.clear();
    assertEquals("", t.toString());
  }

  @Test
  void strictDecodeRejectsMalformedUtf8() throws CharacterCodingException {
    byte[] bad = {'a', (byte) 0xc3};
    assertThrows(CharacterCodingException.class, () -> Text.decode(bad, 0, 2, false));
    assertEquals("a\uFFFD", Text.decode(bad, 0, 2, true));
    assertEquals("a", Text.decode(bad, 0, 1, false));
  }

  @Test
  void negativeLengthIsAnIOException() {
    DataInputBuffer in = new DataInputBuffer();
    in.reset(new byte[] {(byte) 0xff}, 1);
    assertThrows(IOException.class, () -> new Text().readFields(in));
  }
}
