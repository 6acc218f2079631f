package io.quern.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeadershipTrackerTest {
  private final List<String> calls = new ArrayList<>();
  private final LeaderContender contender = new LeaderContender() {
    @Override
    public void grantLeadership(long epoch) {
      calls.add("grant " + epoch);
    }

    @Override
    public void revokeLeadership() {
      calls.add("revoke");
    }
  };

  @Test
  void grantsAndRevokesAlternateWithFreshEpochs() {
    AtomicLong counter = new AtomicLong(4);
    LeadershipTracker t = new LeadershipTracker(contender, counter::incrementAndGet);
    t.holdsLatch();
    t.holdsLatch(); // duplicate signal: no second grant
    t.lostLatch();
    t.lostLatch(); // duplicate: no second revoke
    t.holdsLatch();
    assertEquals(List.of("grant 5", "revoke", "grant 6"), calls);
    assertTrue(t.isLeader());
    assertEquals(6, t.epoch());
  }

  @Test
  void noGrantWithoutAnEpoch() {
    LeadershipTracker t = new LeadershipTracker(contender, () -> {
      throw new IllegalStateException("ZooKeeper unreachable");
    });
    t.holdsLatch();
    assertFalse(t.isLeader());
    assertEquals(-1, t.epoch());
    t.lostLatch();
    assertEquals(List.of(), calls);
  }

  @Test
  void aContenderThatCannotTakeUpItsEpochIsNotLeaderAndTheNextTryTakesAFreshOne() {
    AtomicLong counter = new AtomicLong(7);
    List<String> seen = new ArrayList<>();
    LeadershipTracker t = new LeadershipTracker(new LeaderContender() {
      @Override
      public void grantLeadership(long epoch) {
        seen.add("grant " + epoch);
        if (epoch == 8) {
          throw new IllegalStateException("cannot lead with epoch 8: the job store is fenced");
        }
      }

      @Override
      public void revokeLeadership() {
        seen.add("revoke");
      }
    }, counter::incrementAndGet);
    t.holdsLatch();
    assertFalse(t.isLeader());
    assertEquals(-1, t.epoch());
    t.holdsLatch();
    assertTrue(t.isLeader());
    assertEquals(List.of("grant 8", "revoke", "grant 9"), seen);
  }
}
