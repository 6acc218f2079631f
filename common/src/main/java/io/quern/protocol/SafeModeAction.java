package io.quern.protocol;

/** {@code admin -safemode get|enter|leave}. */
public enum SafeModeAction {
  GET,
  ENTER,
  LEAVE
}
