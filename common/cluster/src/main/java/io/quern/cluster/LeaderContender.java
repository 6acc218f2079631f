package io.quern.cluster;

/**
 * A component that acts only while it leads (the active master). Calls come from one
 * thread, never concurrently, always alternating grant / revoke.
 */
public interface LeaderContender {
  /** This process now leads with {@code epoch}, larger than every earlier leader's. */
  void grantLeadership(long epoch);

  /**
   * Stop issuing commands and writes now: the connection to ZooKeeper is suspended or lost,
   * or the election was closed. A later grant comes with a new epoch.
   */
  void revokeLeadership();
}
