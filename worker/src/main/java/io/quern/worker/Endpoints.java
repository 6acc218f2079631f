package io.quern.worker;

import io.quern.protocol.AttemptStatus;
import io.quern.protocol.ChildUmbilicalProtocol;
import io.quern.protocol.MapOutputEvent;
import io.quern.protocol.StaleEpochException;
import io.quern.protocol.TaskLaunch;
import io.quern.protocol.TaskLaunchProtocol;
import java.io.IOException;
import java.rmi.RemoteException;
import java.util.List;

/** The worker's RMI endpoints, each a line per method into the {@link TaskManager}. */
final class Endpoints {
  private Endpoints() {}

  static final class Launch implements TaskLaunchProtocol {
    private final TaskManager tasks;

    Launch(TaskManager tasks) {
      this.tasks = tasks;
    }

    @Override
    public void launch(TaskLaunch launch) throws StaleEpochException {
      tasks.launch(launch);
    }

    @Override
    public void kill(long epoch, String attemptId) throws StaleEpochException {
      tasks.kill(epoch, attemptId);
    }

    @Override
    public void jobFinished(long epoch, String jobId) throws StaleEpochException {
      tasks.jobFinished(epoch, jobId);
    }

    @Override
    public byte[] readLog(String attemptId, String stream, long offset, int maxBytes) throws IOException {
      return tasks.readLog(attemptId, stream, offset, maxBytes);
    }
  }

  static final class Child implements ChildUmbilicalProtocol {
    private final TaskManager tasks;

    Child(TaskManager tasks) {
      this.tasks = tasks;
    }

    @Override
    public TaskLaunch nextTask(String childId, long waitMillis) throws RemoteException {
      try {
        return tasks.nextTask(childId, waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    @Override
    public boolean statusUpdate(AttemptStatus status) {
      return tasks.statusUpdate(status);
    }

    @Override
    public boolean canCommit(long epoch, String attemptId) throws StaleEpochException, RemoteException {
      try {
        return tasks.canCommit(epoch, attemptId);
      } catch (IOException e) {
        throw new RemoteException("cannot ask the master: " + e.getMessage());
      }
    }

    @Override
    public void done(AttemptStatus status) {
      tasks.done(status);
    }

    @Override
    public void failed(AttemptStatus status, String diagnostics, boolean killed) {
      tasks.failed(status, diagnostics, killed);
    }

    @Override
    public List<MapOutputEvent> mapOutputEvents(long epoch, String jobId, int fromIndex)
        throws StaleEpochException, RemoteException {
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
