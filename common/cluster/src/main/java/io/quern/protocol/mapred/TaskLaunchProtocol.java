package io.quern.protocol.mapred;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** Master to worker: push attempts, kill them, end jobs; clients read attempt logs. */
public interface TaskLaunchProtocol extends Remote {
  String NAME = "TaskLaunchProtocol";

  /**
   * Starts the attempts in order, each as its own; returns at once, progress comes back over the
   * umbilical. The master sends in one call the attempts it decided for this worker while its
   * previous call was on the way. A job's configuration crosses once per worker, not once per
   * attempt: the launches carry none ({@link TaskLaunch#jobConf} null), and {@code jobConfs}
   * holds, by job id, the configurations of their jobs this worker was not sent yet (empty for a
   * job without one); the worker keeps them until the job finishes.
   *
   * @throws JobConfUnknownException when a launch's job has no configuration here, in {@code
   *     jobConfs} or kept: none of the attempts started
   */
  void launch(java.util.List<TaskLaunch> launches, java.util.Map<String, byte[]> jobConfs)
      throws StaleEpochException, JobConfUnknownException, RemoteException;

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
