package io.quern.cluster;

import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Turns the raw "we hold the latch" / "we do not" signals of an election into strictly
 * alternating grant and revoke calls, taking a fresh epoch for every grant. A grant for which
 * no epoch can be taken (ZooKeeper unreachable) is not given: leading without an epoch
 * would let a stale master's writes through.
 *
 * <p>Called only from the election's single event thread.
 */
public final class LeadershipTracker {
  private static final Logger LOG = LogManager.getLogger(LeadershipTracker.class);

  private final LeaderContender contender;
  private final LongSupplier nextEpoch;
  private volatile long epoch = -1;

  /** {@code nextEpoch} returns a new epoch or throws if it cannot take one. */
  public LeadershipTracker(LeaderContender contender, LongSupplier nextEpoch) {
    this.contender = contender;
    this.nextEpoch = nextEpoch;
  }

  public void holdsLatch() {
    if (epoch >= 0) {
      return;
    }
    long e;
    try {
      e = nextEpoch.getAsLong();
    } catch (RuntimeException ex) {
      LOG.warn("Won the election but cannot take an epoch; staying standby until the next try: {}", ex.toString());
      return;
    }
    epoch = e;
    LOG.info("Leading with epoch {}", e);
    try {
      contender.grantLeadership(e);
    } catch (RuntimeException ex) {
      // The contender could not take up the epoch (its fenced records refused it): it does not
      // lead, and must not say it does while refusing every call. The next try takes a new epoch.
      LOG.warn("Could not take up leadership with epoch {}; staying standby until the next try: {}", e, ex.toString());
      epoch = -1;
      contender.revokeLeadership();
    }
  }

  public void lostLatch() {
    if (epoch < 0) {
      return;
    }
    LOG.info("No longer leading (epoch {} ends)", epoch);
    epoch = -1;
    contender.revokeLeadership();
  }

  public boolean isLeader() {
    return epoch >= 0;
  }

  public long epoch() {
    return epoch;
  }
}
