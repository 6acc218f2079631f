package io.quern.examples;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Input generators and output readers shared by the example programs' tests, local and on a cluster. */
public final class ExampleData {
  private ExampleData() {}

  public static List<Path> parts(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  public static List<String> outputLines(Path out) throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path p : parts(out)) {
      lines.addAll(Files.readAllLines(p));
    }
    return lines;
  }

  /** Text of random words of lengths 1..14 (a few with non-ASCII letters), over several files. */
  public static String writeWords(Path in, long seed, int files, int lines) throws Exception {
    Files.createDirectories(in);
    Random r = new Random(seed);
    StringBuilder all = new StringBuilder();
    for (int f = 0; f < files; f++) {
      StringBuilder text = new StringBuilder();
      for (int l = 0; l < lines; l++) {
        int words = r.nextInt(12);
        for (int w = 0; w < words; w++) {
          int len = 1 + Math.min(r.nextInt(8), r.nextInt(14));
          for (int c = 0; c < len; c++) {
            text.append(r.nextInt(40) == 0 ? 'é' : (char) ('a' + r.nextInt(26)));
          }
          text.append(r.nextInt(5) == 0 ? "\t" : "  ");
        }
        text.append('\n');
      }
      Files.writeString(in.resolve("words-" + f + ".txt"), text);
      all.append(text);
    }
    return all.toString();
  }

  /** Word lengths in chars, split here with a regex rather than a tokenizer. */
  public static int[] wordLengths(String text) {
    return Arrays.stream(text.split("[ \\t\\n\\r\\f]+")).filter(w -> !w.isEmpty()).mapToInt(String::length).toArray();
  }

  /** pi * 16^digits, truncated, by Machin's formula in integers: independent of BBP. */
  public static BigInteger piHex(int digits) {
    int guard = 64;
    BigInteger one = BigInteger.ONE.shiftLeft(4 * digits + guard);
    BigInteger pi = arctanInverse(5, one).shiftLeft(4).subtract(arctanInverse(239, one).shiftLeft(2));
    return pi.shiftRight(guard);
  }

  private static BigInteger arctanInverse(int x, BigInteger one) {
    BigInteger xx = BigInteger.valueOf((long) x * x);
    BigInteger power = one.divide(BigInteger.valueOf(x));
    BigInteger sum = power;
    for (int k = 1; power.signum() != 0; k++) {
      power = power.divide(xx);
      BigInteger term = power.divide(BigInteger.valueOf(2L * k + 1));
      sum = k % 2 == 1 ? sum.subtract(term) : sum.add(term);
    }
    return sum;
  }
}
