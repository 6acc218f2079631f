package io.quern.protocol;

/** Whether a DataNode takes new replicas, is being drained, or has been drained. */
public enum AdminState {
  NORMAL,
  DECOMMISSIONING,
  DECOMMISSIONED
}
