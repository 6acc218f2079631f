package io.quern.protocol.mapred;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** Master to worker: push attempts, kill them, end jobs; clients read attempt logs. */
public interface TaskLaunchProtocol extends Remote {
  String NAME = "TaskLaunchProtocol";

  /** Starts the attempt; returns at once, progress comes back over the umbilical. */
  void launch(TaskLaunch launch) throws StaleEpochException, RemoteException;

  /**
   * Starts the attempts in order, as {@link #launch} each: the master sends in one call those it
   * decided for this worker while the previous call was on its way (a job's configuration then
   * crosses once, not once per attempt).
   */
  void launchAll(java.util.List<TaskLaunch> launches) throws StaleEpochException, RemoteException;

  void kill(long epoch, String attemptId) throws StaleEpochException, RemoteException;

  /** The job ended: stop its child JVM and delete its local files. */
  void jobFinished(long epoch, String jobId) throws StaleEpochException, RemoteException;

  /**
   * Up to {@code maxBytes} of an attempt's log ({@code stdout}, {@code stderr} or {@code syslog})
   * from {@code offset}; empty at end; throws if the worker has no such log.
   */
  byte[] readLog(String attemptId, String stream, long offset, int maxBytes)
      throws java.io.IOException, RemoteException;
}
