package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringUtilsTest {
  @Test
  void splitKeepsEscapedSeparatorsAndDropsTrailingEmptyPieces() {
    assertArrayEquals(new String[] {"a\\,b", "c", "", "d"}, StringUtils.split("a\\,b,c,,d,,"));
    assertArrayEquals(new String[] {"x"}, StringUtils.split("x"));
    assertArrayEquals(new String[0], StringUtils.split(""));
    assertNull(StringUtils.split(null));
  }

  @Test
  void escapeThenSplitThenUnescapeGivesBackTheOriginalPieces() {
    Random r = new Random(3);
    String alphabet = "ab,\\ ";
    for (int round = 0; round < 500; round++) {
      String[] pieces = new String[1 + r.nextInt(4)];
      for (int i = 0; i < pieces.length; i++) {
        StringBuilder b = new StringBuilder("p");  // never empty, so no trailing piece is dropped
        for (int j = r.nextInt(6); j > 0; j--) {
          b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        pieces[i] = b.toString();
      }
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < pieces.length; i++) {
        joined.append(i == 0 ? "" : ",").append(StringUtils.escapeString(pieces[i]));
      }
      String[] back = StringUtils.split(joined.toString());
      for (int i = 0; i < back.length; i++) {
        back[i] = StringUtils.unEscapeString(back[i]);
      }
      assertArrayEquals(pieces, back, joined.toString());
    }
    assertThrows(IllegalArgumentException.class, () -> StringUtils.unEscapeString("a\\b"));
  }

  @Test
  void humanReadableIntAndByteDescUseBinaryUnits() {
    assertEquals("500.0", StringUtils.humanReadableInt(500));
    assertEquals("1.5k", StringUtils.humanReadableInt(1536));
    assertEquals("2.0m", StringUtils.humanReadableInt(2L << 20));
    assertEquals("-3.0g", StringUtils.humanReadableInt(-3L << 30));
    assertEquals("1.50 MB", StringUtils.byteDesc(3L << 19));
    assertEquals("12.00 B", StringUtils.byteDesc(12));
  }

  @Test
  void formatTimeLeavesOutZeroHoursAndMinutes() {
    assertEquals("7sec", StringUtils.formatTime(7_400));
    assertEquals("2mins, 0sec", StringUtils.formatTime(120_000));
    assertEquals("1hrs, 0sec", StringUtils.formatTime(3_600_000));
    assertEquals("1hrs, 2mins, 3sec", StringUtils.formatTime(3_723_000));
    assertEquals("12.35%", StringUtils.formatPercent(0.12345, 2));
  }

  @Test
  void joinStringifyAndHostnames() {
    assertEquals("a-b-c", StringUtils.join("-", List.of("a", "b", "c")));
    assertEquals("", StringUtils.join("-", List.of()));
    assertEquals("x,y", StringUtils.arrayToString(new String[] {"x", "y"}));
    String trace = StringUtils.stringifyException(new IllegalStateException("boom"));
    assertTrue(trace.startsWith("java.lang.IllegalStateException: boom"), trace);
    assertTrue(trace.contains("at io.quern.util.StringUtilsTest"), trace);
    assertEquals("node7", StringUtils.simpleHostname("node7.rack2.example.com"));
    assertEquals("10.0.0.7", StringUtils.simpleHostname("10.0.0.7"));
    assertArrayEquals(new String[] {"a", " b", ""}, StringUtils.getStrings("a, b,"));
    assertNull(StringUtils.getStrings(""));
  }

  @Test
  void caseChangesIgnoreTheDefaultLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
      assertEquals("title", StringUtils.toLowerCase("TITLE"));
      assertEquals("TITLE", StringUtils.toUpperCase("title"));
    } finally {
      java.util.Locale.setDefault(before);
    }
  }
}
