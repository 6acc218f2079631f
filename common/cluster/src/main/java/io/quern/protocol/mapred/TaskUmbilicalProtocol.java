package io.quern.protocol.mapred;

import io.quern.rpc.Idempotent;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;

/**
 * Worker to master, on behalf of its attempts. Every call names the epoch the attempt was
 * launched under; a master answers calls of another epoch with {@link StaleEpochException}.
 */
public interface TaskUmbilicalProtocol extends Remote {
  String NAME = "TaskUmbilicalProtocol";

  /** Returns false when the master no longer wants the attempt; the worker then kills it. */
  boolean statusUpdate(AttemptStatus status) throws StaleEpochException, RemoteException;

  /** Asks whether this attempt may promote its output; true for exactly one attempt per task. */
  boolean canCommit(long epoch, String attemptId) throws StaleEpochException, RemoteException;

  void done(AttemptStatus status) throws StaleEpochException, RemoteException;

  /** The attempt failed ({@code killed} false) or was killed; diagnostics are shown to the user. */
  void failed(AttemptStatus status, String diagnostics, boolean killed)
      throws StaleEpochException, RemoteException;

  /** Map output events of the job from {@code fromIndex} on, for reducers to fetch. */
  List<MapOutputEvent> mapOutputEvents(long epoch, String jobId, int fromIndex)
      throws StaleEpochException, RemoteException;

  /** A reducer could not fetch a map's output after retries; enough such reports re-run the map. */
  void fetchFailed(long epoch, String reduceAttemptId, String mapAttemptId)
      throws StaleEpochException, RemoteException;

  /**
   * Of the jobs named, those this master does not run (ended, or unknown to it: retired or
   * dropped). A worker asks about the jobs it holds and deletes what it holds of the ended ones,
   * which it would otherwise keep forever when the master that ended them died, or was cut off,
   * before telling it ({@link TaskLaunchProtocol#jobFinished}). At most {@value #MAX_JOBS_ASKED}.
   */
  @Idempotent
  List<String> endedJobs(long epoch, List<String> jobIds) throws StaleEpochException, RemoteException;

  int MAX_JOBS_ASKED = 10_000;

  /**
   * A worker's reports about many attempts in one call, as Hadoop's heartbeat carries a tracker's
   * task statuses: applied in order, each as its single call ({@link #statusUpdate}, {@link
   * #canCommit}, {@link #done}, {@link #failed}) would be, and answered one {@link ReportAnswer}
   * per report, in order. Each report carries the epoch its attempt was launched under; a report
   * of another epoch is answered {@link ReportAnswer#STALE_EPOCH} and changes nothing, the others
   * of the batch still apply. At most {@value #MAX_REPORTS} reports; a longer list is refused
   * whole, with a {@link RemoteException}.
   */
  List<ReportAnswer> report(List<AttemptReport> reports) throws RemoteException;

  /** The most reports one {@link #report} call carries; a worker with more sends them in several. */
  int MAX_REPORTS = 4096;

  /** Refuses a batch that is null, holds a null, or is longer than {@value #MAX_REPORTS}, with one sentence. */
  static void checkReports(List<AttemptReport> reports) throws RemoteException {
    if (reports == null || reports.size() > MAX_REPORTS) {
      throw new RemoteException("report takes a list of at most " + MAX_REPORTS + " attempt reports; this one had "
          + (reports == null ? "none" : reports.size()));
    }
    for (AttemptReport r : reports) {
      if (r == null) {
        throw new RemoteException("report takes attempt reports, not null");
      }
    }
  }
}
