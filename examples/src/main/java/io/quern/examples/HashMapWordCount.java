package io.quern.examples;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The single-threaded reference for the wordcount benchmark: counts the whitespace-separated
 * words of a local file in a {@code HashMap} and prints the distinct words, the total and the
 * seconds taken: {@code HashMapWordCount FILE}.
 */
public final class HashMapWordCount {
  private HashMapWordCount() {}

  public static Map<String, Integer> count(InputStream in) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    byte[] word = new byte[256];
    int len = 0;
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        byte c = buf[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
          if (len > 0) {
            counts.merge(new String(word, 0, len, StandardCharsets.UTF_8), 1, Integer::sum);
            len = 0;
          }
        } else {
          if (len == word.length) {
            word = java.util.Arrays.copyOf(word, len * 2);
          }
          word[len++] = c;
        }
      }
    }
    if (len > 0) {
      counts.merge(new String(word, 0, len, StandardCharsets.UTF_8), 1, Integer::sum);
    }
    return counts;
  }

  public static void main(String[] args) throws IOException {
    long t0 = System.nanoTime();
    Map<String, Integer> counts;
    try (InputStream in = new FileInputStream(args[0])) {
      counts = count(in);
    }
    long total = counts.values().stream().mapToLong(Integer::longValue).sum();
    System.out.printf("words %d distinct %d seconds %.3f%n", total, counts.size(), (System.nanoTime() - t0) / 1e9);
  }
}
