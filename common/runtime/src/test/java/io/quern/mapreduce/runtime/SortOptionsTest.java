package io.quern.mapreduce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SortOptionsTest {
  private static final SortOptions CONFIGURED = SortOptions.defaults(); // 100 MiB

  @Test
  void aSmallSplitGetsTheMinimumBuffer() {
    assertEquals(SortOptions.MIN_SIZED_BUFFER_BYTES, CONFIGURED.sizedForInput(18).bufferBytes());
  }

  @Test
  void aMediumSplitGetsFourTimesItsLength() {
    assertEquals(40 << 20, CONFIGURED.sizedForInput(10 << 20).bufferBytes());
  }

  @Test
  void aLargeOrUnknownSplitKeepsTheConfiguredBuffer() {
    assertEquals(CONFIGURED.bufferBytes(), CONFIGURED.sizedForInput(64L << 20).bufferBytes());
    assertEquals(CONFIGURED.bufferBytes(), CONFIGURED.sizedForInput(0).bufferBytes());
    assertEquals(CONFIGURED.bufferBytes(), CONFIGURED.sizedForInput(-1).bufferBytes());
  }

  @Test
  void neverLargerThanConfigured() {
    SortOptions small = CONFIGURED.withBufferBytes(1 << 20);
    assertEquals(1 << 20, small.sizedForInput(18).bufferBytes());
  }
}
