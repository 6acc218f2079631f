package io.quern.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TagWarmUpTest {
  /**
   * Records go through the real sealing and checking streams (a failed tag or a short record
   * would throw), and the warm-up ends within its CPU bound whether or not the JIT got there.
   */
  @Test
  void tagsAndChecksRecordsInBothModesAndStopsWithinItsBound() throws Exception {
    for (boolean encrypted : new boolean[] {false, true}) {
      TagWarmUp.Result r = TagWarmUp.run(encrypted, 300, 20_000);
      assertTrue(r.bytes() >= TagWarmUp.SMALL_PER_PROBE * TagWarmUp.SMALL_RECORD + 65536, r.toString());
      assertTrue(r.fast() || r.cpuMs() >= 300 || r.wallMs() >= 20_000, r.toString());
      // One round (64 small records and a probe) past the bound at most.
      assertTrue(r.cpuMs() < 300 + 5_000, r.toString());
    }
  }
}
