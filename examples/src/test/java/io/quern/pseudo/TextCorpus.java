package io.quern.pseudo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Generated text with a skewed (Zipf-like) vocabulary, and its word counts computed the
 * plain way, as the reference a word count job must reproduce.
 */
final class TextCorpus {
  private TextCorpus() {}

  static void write(Path file, long bytes, long seed) throws IOException {
    Random rnd = new Random(seed);
    String[] vocabulary = new String[5000];
    for (int i = 0; i < vocabulary.length; i++) {
      vocabulary[i] = "w" + Integer.toString(i * 7919 + 13, 36);
    }
    long written = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      while (written < bytes) {
        line.setLength(0);
        int words = 1 + rnd.nextInt(15);
        for (int i = 0; i < words; i++) {
          // Squaring a uniform draw skews towards small ranks: a few words dominate.
          double u = rnd.nextDouble();
          line.append(i == 0 ? "" : " ").append(vocabulary[(int) (u * u * u * vocabulary.length)]);
        }
        line.append('\n');
        w.write(line.toString());
        written += line.length();
      }
    }
  }

  static Map<String, Long> count(Path file) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines.forEach(l -> {
        for (String word : l.split("\\s+")) {
          if (!word.isEmpty()) {
            counts.merge(word, 1L, Long::sum);
          }
        }
      });
    }
    return counts;
  }

  /** Parses "word<TAB>count" lines of TextOutputFormat. */
  static Map<String, Long> parseOutput(String text) {
    Map<String, Long> counts = new HashMap<>();
    for (String l : text.split("\n")) {
      if (l.isEmpty()) {
        continue;
      }
      int tab = l.lastIndexOf('\t');
      if (tab < 0) {
        throw new AssertionError("not a word count line: '" + l + "'");
      }
      Long old = counts.put(l.substring(0, tab), Long.parseLong(l.substring(tab + 1)));
      if (old != null) {
        throw new AssertionError("word " + l.substring(0, tab) + " appears twice in the output");
      }
    }
    return counts;
  }
}
