package io.quern.protocol.dfs;

/** Whether a DataNode takes new replicas, is being drained, or has been drained. */
public enum AdminState {
  NORMAL,
  DECOMMISSIONING,
  DECOMMISSIONED
}
