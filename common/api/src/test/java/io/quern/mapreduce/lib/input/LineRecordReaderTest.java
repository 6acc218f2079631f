package io.quern.mapreduce.lib.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.io.LocalSeekableInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines cut by split boundaries anywhere are read exactly once, in order. */
class LineRecordReaderTest {
  @TempDir
  Path dir;

  private List<String> readAllSplits(Path file, long splitSize) throws IOException {
    long length = Files.size(file);
    List<String> lines = new ArrayList<>();
    for (long start = 0; start < length; start += splitSize) {
      LineRecordReader r = new LineRecordReader();
      r.initialize(new LocalSeekableInput(file), start, Math.min(splitSize, length - start));
      while (r.nextKeyValue()) {
        lines.add(r.getCurrentValue().toString());
      }
      r.close();
    }
    return lines;
  }

  private static List<String> expected(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\r\n|\n|\r", -1)) {
      out.add(l);
    }
    if (text.endsWith("\n") || text.endsWith("\r")) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  @Test
  void everyLineIsReadOnceWhateverTheSplitSize() throws IOException {
    Random r = new Random(7);
    StringBuilder b = new StringBuilder();
    String[] terminators = {"\n", "\r\n", "\r"};
    for (int i = 0; i < 300; i++) {
      int len = r.nextInt(5) == 0 ? 0 : r.nextInt(40);
      for (int j = 0; j < len; j++) {
        b.append((char) ('a' + r.nextInt(26)));
      }
      b.append(i == 299 && r.nextBoolean() ? "" : terminators[r.nextInt(3)]);
    }
    String text = b.toString();
    Path file = dir.resolve("lines.txt");
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    List<String> want = expected(text);
    for (long splitSize : new long[] {1, 2, 3, 7, 16, 39, 40, 41, 100, 1000, text.length()}) {
      assertEquals(want, readAllSplits(file, splitSize), "split size " + splitSize);
    }
  }

  @Test
  void aSplitStartingExactlyAtALineKeepsThatLine() throws IOException {
    Path file = dir.resolve("two.txt");
    Files.writeString(file, "aaaa\nbbbb\ncccc\n");
    LineRecordReader r = new LineRecordReader();
    r.initialize(new LocalSeekableInput(file), 5, 5);
    List<String> got = new ArrayList<>();
    while (r.nextKeyValue()) {
      got.add(r.getCurrentKey().get() + ":" + r.getCurrentValue());
    }
    assertEquals(List.of("5:bbbb"), got);
  }
}
