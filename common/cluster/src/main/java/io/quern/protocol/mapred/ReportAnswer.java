package io.quern.protocol.mapred;

/**
 * The master's answer to one {@link AttemptReport} of a batch, standing for what the single call
 * returns or throws.
 */
public enum ReportAnswer {
  /** A status: keep running; a commit request: granted; an end: taken. */
  YES,
  /** A status: kill the attempt; a commit request: denied (another attempt commits the task). */
  NO,
  /** The report's epoch is not this master's: the single call throws {@link StaleEpochException}. */
  STALE_EPOCH,
  /**
   * The master could not decide now (it could not check its epoch in ZooKeeper before a job's
   * commit): the single call throws a {@link java.rmi.RemoteException}; ask again.
   */
  NOT_ANSWERED
}
