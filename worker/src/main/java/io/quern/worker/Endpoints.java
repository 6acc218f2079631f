package io.quern.worker;

import io.quern.mapreduce.TaskAttemptID;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.ChildUmbilicalProtocol;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.rpc.CallContext;
import java.io.IOException;
import java.rmi.AccessException;
import java.rmi.RemoteException;
import java.util.List;

/**
 * The worker's RMI endpoints, each a line per method into the {@link TaskManager}. The worker's
 * port accepts job tokens, for its children: the master's commands refuse them; a child's
 * reports are taken only for attempts of the job its token names.
 */
final class Endpoints {
  private Endpoints() {}

  /** Refuses a task of another job than the attempt's; to a task, an id that names no attempt is another job's. */
  static void requireJobOfAttempt(String attemptId) throws AccessException {
    if (CallContext.currentJob().isEmpty()) {
      return;
    }
    String job;
    try {
      job = TaskAttemptID.forName(attemptId).getJobID().toString();
    } catch (RuntimeException e) {
      throw new AccessException("a task may act only for attempts of its own job, and "
          + attemptId + " is not an attempt id");
    }
    CallContext.requireJob(job);
  }

  static final class Launch implements TaskLaunchProtocol {
    /** Jobs whose configuration the master sent here: a few dozen at once at most on a worker. */
    private static final int JOB_CONFS_KEPT = 256;

    // tasks: immutable, set at construction; confs: thread-safe (its own lock), RPC threads share it.
    private final TaskManager tasks;
    private final ReceivedJobConfs confs = new ReceivedJobConfs(JOB_CONFS_KEPT);

    Launch(TaskManager tasks) {
      this.tasks = tasks;
    }

    @Override
    public void launch(List<TaskLaunch> launches, java.util.Map<String, byte[]> jobConfs)
        throws StaleEpochException, io.quern.protocol.mapred.JobConfUnknownException, RemoteException {
      CallContext.requireClusterMember();
      for (TaskLaunch launch : confs.complete(launches, jobConfs)) {
        tasks.launch(launch);
      }
    }

    @Override
    public void kill(long epoch, String attemptId) throws StaleEpochException, RemoteException {
      CallContext.requireClusterMember();
      tasks.kill(epoch, attemptId);
    }

    @Override
    public void jobFinished(long epoch, String jobId) throws StaleEpochException, RemoteException {
      CallContext.requireClusterMember();
      tasks.jobFinished(epoch, jobId);
      confs.forget(jobId);
    }

    @Override
    public byte[] readLog(String attemptId, String stream, long offset, int maxBytes) throws IOException {
      CallContext.requireClusterMember();
      return tasks.logs().read(attemptId, stream, offset, maxBytes);
    }
  }

  static final class Child implements ChildUmbilicalProtocol {
    // Immutable: set at construction.
    private final TaskManager tasks;
    private final java.util.function.Supplier<io.quern.net.HostPort> namenode;
    private final java.util.function.Supplier<io.quern.net.HostPort> localDatanode;

    Child(TaskManager tasks, java.util.function.Supplier<io.quern.net.HostPort> namenode,
        java.util.function.Supplier<io.quern.net.HostPort> localDatanode) {
      this.tasks = tasks;
      this.namenode = namenode;
      this.localDatanode = localDatanode;
    }

    @Override
    public String namenodeEndpoint() {
      io.quern.net.HostPort nn = namenode.get();
      return nn == null ? null : nn.toString();
    }

    @Override
    public String localDatanodeEndpoint() {
      io.quern.net.HostPort dn = localDatanode.get();
      return dn == null ? null : dn.toString();
    }

    @Override
    public TaskLaunch nextTask(String childId, long waitMillis) throws RemoteException {
      if (CallContext.currentJob().isPresent()) {
        // Another job's child would get that job's attempts (configuration, splits); a spare has no job yet.
        String job = tasks.jobOfChild(childId);
        if (job == null && tasks.isKnownChild(childId)) {
          throw new AccessException("child " + childId + " is not bound to a job yet");
        }
        if (job != null) {
          CallContext.requireJob(job);
        }
      }
      try {
        return tasks.nextTask(childId, waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    /** The worker's question to the master about the jobs it holds; no task asks it. */
    @Override
    public java.util.List<String> endedJobs(long epoch, java.util.List<String> jobIds) throws RemoteException {
      throw new AccessException("endedJobs is asked by workers of the master, not by tasks");
    }

    /** A worker's batch of its attempts' reports to the master; a task reports with the single calls. */
    @Override
    public java.util.List<io.quern.protocol.mapred.ReportAnswer> report(
        java.util.List<io.quern.protocol.mapred.AttemptReport> reports) throws RemoteException {
      throw new AccessException("report is sent by workers to the master, not by tasks");
    }

    @Override
    public boolean statusUpdate(AttemptStatus status) throws RemoteException {
      requireJobOfAttempt(status.attemptId());
      return tasks.statusUpdate(status);
    }

    @Override
    public boolean canCommit(long epoch, String attemptId) throws StaleEpochException, RemoteException {
      requireJobOfAttempt(attemptId);
      try {
        return tasks.canCommit(epoch, attemptId);
      } catch (IOException e) {
        throw new RemoteException("cannot ask the master: " + e.getMessage());
      }
    }

    @Override
    public void done(AttemptStatus status) throws RemoteException {
      requireJobOfAttempt(status.attemptId());
      tasks.done(status);
    }

    @Override
    public void failed(AttemptStatus status, String diagnostics, boolean killed) throws RemoteException {
      requireJobOfAttempt(status.attemptId());
      tasks.failed(status, diagnostics, killed);
    }

    @Override
    public List<MapOutputEvent> mapOutputEvents(long epoch, String jobId, int fromIndex)
        throws StaleEpochException, RemoteException {
      CallContext.requireJob(jobId);
      try {
        return tasks.mapOutputEvents(epoch, jobId, fromIndex);
      } catch (StaleEpochException | RemoteException e) {
        throw e;
      } catch (Exception e) {
        throw new RemoteException("cannot ask the master: " + e.getMessage());
      }
    }

    @Override
    public void fetchFailed(long epoch, String reduceAttemptId, String mapAttemptId)
        throws StaleEpochException, RemoteException {
      requireJobOfAttempt(reduceAttemptId);
      requireJobOfAttempt(mapAttemptId);
      try {
        tasks.fetchFailed(epoch, reduceAttemptId, mapAttemptId);
      } catch (StaleEpochException | RemoteException e) {
        throw e;
      } catch (Exception e) {
        throw new RemoteException("cannot tell the master: " + e.getMessage());
      }
    }
  }
}
