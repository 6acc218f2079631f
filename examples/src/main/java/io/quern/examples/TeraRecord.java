package io.quern.examples;

import java.util.Random;

/**
 * Hadoop TeraSort's 100-byte record: a 10-byte random key, the bytes 00 11, the row number as
 * 32 hex digits, the bytes 88 99 AA BB, 48 filler bytes (12 groups of 4 equal letters), and
 * the bytes CC DD EE FF. Each row is generated from its number alone, so any map can make
 * any range of rows.
 */
final class TeraRecord {
  static final int LENGTH = 100;
  static final int KEY_LENGTH = 10;
  static final int VALUE_LENGTH = LENGTH - KEY_LENGTH;

  private TeraRecord() {}

  static void generate(long row, byte[] rec) {
    Random r = new Random(row * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    for (int i = 0; i < KEY_LENGTH; i++) {
      rec[i] = (byte) r.nextInt(256);
    }
    rec[10] = 0x00;
    rec[11] = 0x11;
    String hex = String.format("%032X", row);
    for (int i = 0; i < 32; i++) {
      rec[12 + i] = (byte) hex.charAt(i);
    }
    rec[44] = (byte) 0x88;
    rec[45] = (byte) 0x99;
    rec[46] = (byte) 0xAA;
    rec[47] = (byte) 0xBB;
    for (int g = 0; g < 12; g++) {
      byte c = (byte) ('A' + r.nextInt(26));
      for (int j = 0; j < 4; j++) {
        rec[48 + g * 4 + j] = c;
      }
    }
    rec[96] = (byte) 0xCC;
    rec[97] = (byte) 0xDD;
    rec[98] = (byte) 0xEE;
    rec[99] = (byte) 0xFF;
  }
}
