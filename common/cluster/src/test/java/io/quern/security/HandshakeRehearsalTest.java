package io.quern.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HandshakeRehearsalTest {
  /** Both sides prove the throwaway secret, and a tagged record makes the round trip intact. */
  @Test
  void aRecordGoesBothWaysThroughAHandshakeOverLoopback() throws Exception {
    var before = ClusterCredentials.installed();
    assertEquals("rehearsal", HandshakeRehearsal.run());
    // The throwaway secret is never installed: the process's credentials are what they were.
    assertEquals(before, ClusterCredentials.installed());
  }
}
