package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskReport;
import io.quern.protocol.mapred.AttemptReport;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionException;
import io.quern.protocol.mapred.JobSubmissionProtocol;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.NotLeaderException;
import io.quern.protocol.mapred.ReportAnswer;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.protocol.mapred.UnknownJobException;
import io.quern.net.RackResolver;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The master's RMI endpoints: each method hands the call to the loop and waits for its answer. */
final class Endpoints {
  private static final long CALL_TIMEOUT_SECONDS = 30;

  private Endpoints() {}

  /** Unwraps the loop's failure into the protocol's declared exceptions. */
  static <T> T await(CompletableFuture<T> f) throws Exception {
    try {
      return f.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw new RemoteException("master failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new RemoteException("master loop did not answer within " + CALL_TIMEOUT_SECONDS + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted");
    }
  }

  static final class Submission implements JobSubmissionProtocol {
    /** Thread-safe (calls are queued for its thread). */
    private final MasterLoop loop;
    /** Thread-safe (each implementation's own; the ZooKeeper one holds no lock of its own). */
    private final JobStore store;
    /** Thread-safe (a concurrent cache before the topology script or table). */
    private final RackResolver racks;
    private final long maxStatusWaitMillis;

    /** @param maxStatusWaitMillis the longest an {@link #awaitStatus} call is held */
    Submission(MasterLoop loop, JobStore store, RackResolver racks, long maxStatusWaitMillis) {
      this.loop = loop;
      this.store = store;
      this.racks = racks;
      this.maxStatusWaitMillis = maxStatusWaitMillis;
    }

    private <T> T run(MasterLoop.TrackerCall<T> call)
        throws NotLeaderException, UnknownJobException, JobSubmissionException, RemoteException {
      try {
        return await(loop.call(call));
      } catch (NotLeaderException | UnknownJobException | JobSubmissionException | RemoteException e) {
        throw e;
      } catch (Exception e) {
        throw new RemoteException("master call failed: " + e, e);
      }
    }

    private <T> T query(MasterLoop.TrackerCall<T> call) throws NotLeaderException, UnknownJobException,
        RemoteException {
      try {
        return run(call);
      } catch (JobSubmissionException e) {
        throw new RemoteException(e.getMessage(), e);
      }
    }

    @Override
    public String newJobId() throws NotLeaderException, RemoteException {
      try {
        return query(JobTracker::newJobId);
      } catch (UnknownJobException e) {
        throw new RemoteException(e.getMessage(), e);
      }
    }

    @Override
    public JobStatusReport submit(JobSpec spec) throws JobSubmissionException, NotLeaderException, RemoteException {
      // Recorded first, so that a master that takes over finds every job a client was told of.
      try {
        store.save(spec);
      } catch (java.io.IOException e) {
        throw new JobSubmissionException("the master cannot record job " + spec.jobId() + ": " + e.getMessage());
      }
      MasterNode.resolveSplitRacks(racks, spec); // here, not on the loop, which must not wait for a topology script
      try {
        return run(t -> t.submit(spec));
      } catch (UnknownJobException e) {
        forget(spec.jobId());
        throw new RemoteException(e.getMessage(), e);
      } catch (JobSubmissionException | NotLeaderException | RemoteException e) {
        forget(spec.jobId());
        throw e;
      }
    }

    private void forget(String jobId) {
      try {
        store.remove(-1, jobId);
      } catch (java.io.IOException e) {
        // The next leader will run it: better than a job nobody runs.
      }
    }

    @Override
    public JobStatusReport status(String jobId) throws UnknownJobException, NotLeaderException, RemoteException {
      return query(t -> t.status(jobId));
    }

    @Override
    public JobStatusReport awaitStatus(String jobId, JobStatusReport seen, long maxWaitMillis)
        throws UnknownJobException, NotLeaderException, RemoteException {
      long wait = Math.min(Math.max(0, maxWaitMillis), maxStatusWaitMillis);
      io.quern.mapreduce.JobID id;
      try {
        id = WireIds.job(jobId);
      } catch (IllegalArgumentException e) {
        throw new UnknownJobException(jobId);
      }
      JobChangeWaiters waiters = loop.waiters();
      waiters.watch(id);
      try {
        // Published once the watch stands, so that every later change reaches the wait below.
        JobStatusReport now = query(t -> t.publishStatus(id, waiters));
        if (wait == 0 || !now.equals(seen) || now.state().isTerminal()) {
          return now;
        }
        JobStatusReport changed;
        try {
          changed = waiters.await(id, seen, wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RemoteException("interrupted");
        }
        // Nothing published: the wait ran out, or the master stepped down or forgot the job;
        // the loop says which (a NotLeaderException sends the client to the new leader).
        return changed != null ? changed : query(t -> t.status(jobId));
      } finally {
        waiters.unwatch(id);
      }
    }

    @Override
    public CountersSnapshot counters(String jobId) throws UnknownJobException, NotLeaderException, RemoteException {
      return query(t -> t.counters(jobId));
    }

    @Override
    public List<TaskReport> taskReports(String jobId)
        throws UnknownJobException, NotLeaderException, RemoteException {
      return query(t -> t.taskReports(jobId));
    }

    @Override
    public List<JobStatusReport> list() throws NotLeaderException, RemoteException {
      try {
        return query(JobTracker::list);
      } catch (UnknownJobException e) {
        throw new RemoteException(e.getMessage(), e);
      }
    }

    @Override
    public void killJob(String jobId) throws UnknownJobException, NotLeaderException, RemoteException {
      query(t -> {
        t.killJob(jobId);
        return null;
      });
    }

    @Override
    public void killAttempt(String attemptId, boolean fail)
        throws UnknownJobException, NotLeaderException, RemoteException {
      query(t -> {
        t.killAttempt(attemptId, fail);
        return null;
      });
    }

    @Override
    public String attemptWorker(String attemptId) throws UnknownJobException, NotLeaderException, RemoteException {
      return query(t -> t.attemptWorker(attemptId));
    }

    @Override
    public List<io.quern.mapreduce.TaskCompletionEvent> taskCompletionEvents(String jobId, int fromIndex, int max)
        throws UnknownJobException, NotLeaderException, RemoteException {
      return query(t -> t.taskCompletionEvents(jobId, fromIndex, max));
    }
  }

  static final class Umbilical implements TaskUmbilicalProtocol {
    /** Thread-safe (calls are queued for its thread). */
    private final MasterLoop loop;
    /** Thread-safe (each implementation's own). */
    private final JobStore store;

    Umbilical(MasterLoop loop, JobStore store) {
      this.loop = loop;
      this.store = store;
    }

    /** A worker talking to a master that is not (or no longer) leading is talking to a stale epoch. */
    private <T> T run(long epoch, MasterLoop.TrackerCall<T> call) throws StaleEpochException, RemoteException {
      try {
        return await(loop.call(call));
      } catch (StaleEpochException | RemoteException e) {
        throw e;
      } catch (NotLeaderException e) {
        throw new StaleEpochException(epoch, -1);
      } catch (Exception e) {
        throw new RemoteException("master call failed: " + e, e);
      }
    }

    @Override
    public boolean statusUpdate(AttemptStatus status) throws StaleEpochException, RemoteException {
      return run(status.epoch(), t -> t.statusUpdate(status));
    }

    @Override
    public boolean canCommit(long epoch, String attemptId) throws StaleEpochException, RemoteException {
      if (isJobCleanup(attemptId)) {
        // The job's commit moves its whole output: as the master's own commit did, it asks
        // ZooKeeper first that no newer leader exists (a paused master may not know yet).
        try {
          store.checkEpoch(epoch);
        } catch (FencedException e) {
          throw new StaleEpochException(epoch, -1);
        } catch (java.io.IOException e) {
          throw new RemoteException("cannot check the master epoch before the job's commit: " + e.getMessage(), e);
        }
      }
      return run(epoch, t -> t.canCommit(epoch, attemptId));
    }

    private static boolean isJobCleanup(String attemptId) {
      try {
        return WireIds.attempt(attemptId).getTaskType() == io.quern.mapreduce.TaskType.JOB_CLEANUP;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    @Override
    public void done(AttemptStatus status) throws StaleEpochException, RemoteException {
      run(status.epoch(), t -> {
        t.attemptSucceeded(status);
        return null;
      });
    }

    @Override
    public void failed(AttemptStatus status, String diagnostics, boolean killed)
        throws StaleEpochException, RemoteException {
      run(status.epoch(), t -> {
        t.attemptFailed(status, diagnostics, killed);
        return null;
      });
    }

    /**
     * The whole batch in one event of the loop. A job cleanup's commit request first asks
     * ZooKeeper that no newer leader exists, here, off the loop, as its single call does.
     */
    @Override
    public List<ReportAnswer> report(List<AttemptReport> reports) throws RemoteException {
      TaskUmbilicalProtocol.checkReports(reports);
      ReportAnswer[] answers = new ReportAnswer[reports.size()];
      List<AttemptReport> apply = new ArrayList<>(reports.size());
      for (int i = 0; i < answers.length; i++) {
        AttemptReport r = reports.get(i);
        if (r.kind() == AttemptReport.Kind.COMMIT && isJobCleanup(r.attemptId())) {
          try {
            store.checkEpoch(r.epoch());
          } catch (FencedException e) {
            answers[i] = ReportAnswer.STALE_EPOCH;
          } catch (java.io.IOException e) {
            answers[i] = ReportAnswer.NOT_ANSWERED;
          }
        }
        if (answers[i] == null) {
          apply.add(r);
        }
      }
      List<ReportAnswer> applied;
      if (apply.isEmpty()) {
        applied = List.of();
      } else {
        try {
          applied = run(apply.get(0).epoch(), t -> t.report(apply));
        } catch (StaleEpochException e) { // this master does not lead: no report is of its epoch
          applied = java.util.Collections.nCopies(apply.size(), ReportAnswer.STALE_EPOCH);
        }
      }
      for (int i = 0, next = 0; i < answers.length; i++) {
        if (answers[i] == null) {
          answers[i] = applied.get(next++);
        }
      }
      return List.of(answers);
    }

    @Override
    public List<MapOutputEvent> mapOutputEvents(long epoch, String jobId, int fromIndex)
        throws StaleEpochException, RemoteException {
      return run(epoch, t -> t.mapOutputEvents(epoch, jobId, fromIndex));
    }

    @Override
    public List<String> endedJobs(long epoch, List<String> jobIds) throws StaleEpochException, RemoteException {
      if (jobIds == null || jobIds.size() > MAX_JOBS_ASKED) {
        throw new RemoteException("endedJobs takes a list of at most " + MAX_JOBS_ASKED + " job ids");
      }
      List<String> ids = List.copyOf(jobIds);
      return run(epoch, t -> t.endedJobs(epoch, ids));
    }

    @Override
    public void fetchFailed(long epoch, String reduceAttemptId, String mapAttemptId)
        throws StaleEpochException, RemoteException {
      run(epoch, t -> {
        t.fetchFailed(epoch, reduceAttemptId, mapAttemptId);
        return null;
      });
    }
  }
}
