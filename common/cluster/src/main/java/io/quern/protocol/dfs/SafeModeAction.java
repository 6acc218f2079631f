package io.quern.protocol.dfs;

/** {@code admin -safemode get|enter|leave}. */
public enum SafeModeAction {
  GET,
  ENTER,
  LEAVE
}
