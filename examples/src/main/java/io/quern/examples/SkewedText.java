package io.quern.examples;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes BYTES of text with a skewed (Zipf-like, s = 1) vocabulary of 100,000 words, ten words
 * a line, to a local file, for the wordcount benchmark: {@code SkewedText BYTES FILE [SEED]}.
 */
public final class SkewedText {
  private SkewedText() {}

  public static void main(String[] args) throws IOException {
    long bytes = Long.parseLong(args[0]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    int vocab = 100_000;
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[][] words = new byte[vocab][];
    for (int i = 0; i < vocab; i++) {
      int n = 3 + rnd.nextInt(8);
      StringBuilder sb = new StringBuilder(n);
      for (int j = 0; j < n; j++) {
        sb.append((char) ('a' + rnd.nextInt(26)));
      }
      words[i] = (sb + Integer.toString(i, 36)).getBytes(StandardCharsets.US_ASCII);
    }
    // Cumulative Zipf weights, sampled by binary search.
    double[] cdf = new double[vocab];
    double sum = 0;
    for (int i = 0; i < vocab; i++) {
      sum += 1.0 / (i + 1);
      cdf[i] = sum;
    }
    long written = 0;
    try (OutputStream out = new BufferedOutputStream(new FileOutputStream(args[1]), 1 << 20)) {
      while (written < bytes) {
        for (int w = 0; w < 10; w++) {
          double u = rnd.nextDouble() * sum;
          int lo = 0;
          int hi = vocab - 1;
          while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
              lo = mid + 1;
            } else {
              hi = mid;
            }
          }
          out.write(words[lo]);
          out.write(w == 9 ? '\n' : ' ');
          written += words[lo].length + 1;
        }
      }
    }
  }
}
