package io.quern.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PipelineTimeoutsTest {
  @Test
  void callerWaitIsWhatTheCallerSaidCappedByTheNodesReadTimeout() {
    assertEquals(60_000, PipelineTimeouts.callerWait(0, 60_000), "nothing said: the node's read timeout");
    assertEquals(30_000, PipelineTimeouts.callerWait(30_000, 60_000));
    assertEquals(60_000, PipelineTimeouts.callerWait(120_000, 60_000), "a caller's socket to the node times out first");
  }

  @Test
  void eachHopWaitsAnExtensionLessThanTheOneBefore() {
    // Three nodes, the default 60 s read timeout: as HDFS, 5 s per hop.
    assertEquals(55_000, PipelineTimeouts.downstreamWait(60_000, 2));
    assertEquals(50_000, PipelineTimeouts.downstreamWait(55_000, 1));
    // Short timeouts: the extension shrinks so that every hop keeps a share.
    assertEquals(4_000, PipelineTimeouts.downstreamWait(6_000, 2));
    assertEquals(2_000, PipelineTimeouts.downstreamWait(4_000, 1));
  }

  /** Down any pipeline, waits shrink strictly and never below the writer's wait over the pipeline's length. */
  @Test
  void waitsShrinkDownAnyPipelineAndStayPositive() {
    for (long writerWait : new long[] {50, 1_000, 6_000, 60_000, 600_000}) {
      for (int nodes = 2; nodes <= 40; nodes++) {
        long w = writerWait;
        for (int downstream = nodes - 1; downstream >= 1; downstream--) {
          long next = PipelineTimeouts.downstreamWait(w, downstream);
          assertTrue(next < w, writerWait + " ms, " + nodes + " nodes: " + next + " >= " + w);
          assertTrue(next >= writerWait / nodes, writerWait + " ms, " + nodes + " nodes: " + next);
          w = next;
        }
      }
    }
  }

  @Test
  void aNodeWithoutDownstreamOrTimeHasNoWait() {
    assertThrows(IllegalArgumentException.class, () -> PipelineTimeouts.downstreamWait(60_000, 0));
    assertThrows(IllegalArgumentException.class, () -> PipelineTimeouts.downstreamWait(0, 2));
  }
}
