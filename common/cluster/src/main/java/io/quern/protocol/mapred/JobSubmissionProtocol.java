package io.quern.protocol.mapred;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.mapreduce.TaskReport;
import io.quern.rpc.Idempotent;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;

/** Client to master: submit, follow and control jobs. */
public interface JobSubmissionProtocol extends Remote {
  String NAME = "JobSubmissionProtocol";

  /** Reserves a fresh job id, so the client can stage files under it before submitting. */
  String newJobId() throws NotLeaderException, RemoteException;

  JobStatusReport submit(JobSpec spec) throws JobSubmissionException, NotLeaderException, RemoteException;

  @Idempotent
  JobStatusReport status(String jobId) throws UnknownJobException, NotLeaderException, RemoteException;

  /**
   * The job's status as soon as it differs from {@code seen} (a report the caller got before;
   * null for at once), or the current one once {@code maxWaitMillis} have passed: a client
   * follows its job by calling again with what it got, and hears of each change, the end
   * first of all, without polling. The master waits at most {@link #MAX_STATUS_WAIT_MILLIS},
   * less when its RPC read timeout is short (it stays well under it), and may answer at once
   * when it has too many callers waiting; an answer equal to {@code seen} means no change.
   */
  @Idempotent
  JobStatusReport awaitStatus(String jobId, JobStatusReport seen, long maxWaitMillis)
      throws UnknownJobException, NotLeaderException, RemoteException;

  /** The longest a master holds an {@link #awaitStatus} call. */
  long MAX_STATUS_WAIT_MILLIS = 10_000;

  @Idempotent
  CountersSnapshot counters(String jobId) throws UnknownJobException, NotLeaderException, RemoteException;

  @Idempotent
  List<TaskReport> taskReports(String jobId) throws UnknownJobException, NotLeaderException, RemoteException;

  @Idempotent
  List<JobStatusReport> list() throws NotLeaderException, RemoteException;

  @Idempotent
  void killJob(String jobId) throws UnknownJobException, NotLeaderException, RemoteException;

  /** Kills one attempt; with {@code fail} it counts as a failed attempt (Hadoop's -fail-task). */
  void killAttempt(String attemptId, boolean fail) throws UnknownJobException, NotLeaderException, RemoteException;

  /**
   * The ends of the job's attempts from event number {@code fromIndex} on, at most {@code max}
   * (the master caps it), in the order they happened.
   */
  @Idempotent
  List<TaskCompletionEvent> taskCompletionEvents(String jobId, int fromIndex, int max)
      throws UnknownJobException, NotLeaderException, RemoteException;

  /** Where the attempt ran, so that its logs can be read from that worker; empty if unknown. */
  @Idempotent
  String attemptWorker(String attemptId) throws UnknownJobException, NotLeaderException, RemoteException;
}
