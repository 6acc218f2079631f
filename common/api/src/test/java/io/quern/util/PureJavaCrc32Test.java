package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PureJavaCrc32Test {
  @Test
  void theCheckValueOfTheIeeePolynomial() {
    PureJavaCrc32 crc = new PureJavaCrc32();
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    crc.update(check, 0, check.length);
    assertEquals(0xCBF43926L, crc.getValue());
    crc.reset();
    for (byte b : check) {
      crc.update(b);
    }
    assertEquals(0xCBF43926L, crc.getValue(), "byte by byte as in one go");
    crc.reset();
    assertEquals(0L, crc.getValue());
  }

  @Test
  void monotonicTimeNeverGoesBack() {
    long last = Time.monotonicNow();
    for (int i = 0; i < 10_000; i++) {
      long now = Time.monotonicNow();
      assertTrue(now >= last);
      last = now;
    }
    assertTrue(Math.abs(Time.now() - System.currentTimeMillis()) < 1000);
  }
}
