package io.quern.cluster.memory;

import io.quern.cluster.LeaderContender;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.LeadershipTracker;
import io.quern.net.HostPort;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A place in the in-memory master election. As with the Curator latch, the oldest participant
 * holds the latch, a session's expiry drops it (and revokes its leadership once the session
 * hears of it) and its return queues it again at the back; every grant takes a new epoch.
 * Grants and revokes run on the session's event thread, so they never overlap.
 */
final class InMemoryElection implements LeaderElection {
  private static final Logger LOG = LogManager.getLogger(InMemoryElection.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  final InMemoryCoordination session;
  final HostPort self;
  /** Written under the InMemoryZooKeeper's monitor: a closed election is never queued again. */
  boolean closed;
  private volatile LeadershipTracker tracker;

  InMemoryElection(InMemoryCoordination session, HostPort self) {
    this.session = session;
    this.self = self;
  }

  @Override
  public void start(LeaderContender contender) {
    tracker = new LeadershipTracker(contender, () -> session.zk().takeEpoch(this));
    session.zk().start(this);
  }

  /** On the event thread: this election was first in the queue when this was posted. */
  void latchHeld() {
    if (session.zk().holdsLatch(this)) {
      tracker.holdsLatch();
    }
  }

  /** On the event thread: the session expired. */
  void sessionLost() {
    tracker.lostLatch();
  }

  @Override
  public boolean isLeader() {
    LeadershipTracker t = tracker;
    return t != null && t.isLeader();
  }

  @Override
  public long epoch() {
    LeadershipTracker t = tracker;
    return t == null ? -1 : t.epoch();
  }

  @Override
  public void close() {
    LeadershipTracker t = tracker;
    if (t != null) {
      try {
        if (!session.events().runAndWait(t::lostLatch, CLOSE_WAIT)) {
          LOG.warn("Could not revoke leadership of {} within {} s", self, CLOSE_WAIT.toSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    session.zk().leave(this);
  }
}
