package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.io.Text;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  /** Lines and terminator lengths by a plain scan of the whole text, the reference. */
  private static List<String[]> reference(String text) {
    List<String[]> lines = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        int term = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
        lines.add(new String[] {text.substring(start, i), Integer.toString(i - start + term)});
        i += term;
        start = i;
      } else {
        i++;
      }
    }
    if (start < text.length()) {
      lines.add(new String[] {text.substring(start), Integer.toString(text.length() - start)});
    }
    return lines;
  }

  @Test
  void everyTerminatorAtEveryBufferBoundaryGivesTheSameLinesAndByteCounts() throws Exception {
    Random rnd = new Random(42);
    String alphabet = "ab\r\n";
    for (int trial = 0; trial < 300; trial++) {
      StringBuilder b = new StringBuilder();
      int n = rnd.nextInt(40);
      for (int i = 0; i < n; i++) {
        b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String text = b.toString();
      List<String[]> want = reference(text);
      for (int bufferSize = 1; bufferSize <= 6; bufferSize++) {
        LineReader r = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), bufferSize);
        Text line = new Text();
        List<String[]> got = new ArrayList<>();
        int consumed;
        while ((consumed = r.readLine(line)) > 0) {
          got.add(new String[] {line.toString(), Integer.toString(consumed)});
        }
        assertEquals(want.size(), got.size(), "lines of " + text.replace("\r", "\\r").replace("\n", "\\n") + " buffer " + bufferSize);
        for (int i = 0; i < want.size(); i++) {
          assertEquals(want.get(i)[0], got.get(i)[0]);
          assertEquals(want.get(i)[1], got.get(i)[1]);
        }
      }
    }
  }

  @Test
  void maxLineLengthKeepsThePrefixAndConsumesTheWholeLine() throws Exception {
    LineReader r = new LineReader(new ByteArrayInputStream("abcdefgh\r\nxy\n".getBytes(StandardCharsets.US_ASCII)), 3);
    Text line = new Text();
    assertEquals(10, r.readLine(line, 4));
    assertEquals("abcd", line.toString());
    assertEquals(3, r.readLine(line, 4));
    assertEquals("xy", line.toString());
    assertEquals(0, r.readLine(line, 4));
  }

  @Test
  void maxBytesToConsumeStopsInTheMiddleOfALine() throws Exception {
    LineReader r = new LineReader(new ByteArrayInputStream("abcdefgh\n".getBytes(StandardCharsets.US_ASCII)), 2);
    Text line = new Text();
    int consumed = r.readLine(line, Integer.MAX_VALUE, 4);
    assertEquals(4, consumed);
    assertEquals("abcd", line.toString());
    assertEquals(5, r.readLine(line));
    assertEquals("efgh", line.toString());
  }
}
