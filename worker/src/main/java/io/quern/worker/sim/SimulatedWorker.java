package io.quern.worker.sim;

import io.quern.protocol.mapred.JobConfUnknownException;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.rpc.CallContext;
import io.quern.worker.ReceivedJobConfs;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated worker's RMI endpoint: the master's {@link TaskLaunchProtocol} calls, checked
 * as a real worker checks them (cluster members only, no command of an older master epoch), with
 * attempts handed to the {@link SimulatedAttempts} that play them out without a child JVM. It
 * keeps no logs and holds no map outputs.
 */
final class SimulatedWorker implements TaskLaunchProtocol {
  final String id;
  final String endpoint;
  private final SimulatedAttempts attempts;
  private final SchedulingStats observer;
  private final java.util.function.LongSupplier publishedEpoch;
  /** Attempts running here, by id. */
  final Map<String, SimulatedAttempts.Running> running = new ConcurrentHashMap<>();
  private long highestEpoch = -1;
  /** As a real worker's: the configurations of the jobs the master sent attempts of. */
  private final ReceivedJobConfs confs = new ReceivedJobConfs(256);
  /** As a real worker's: its attempts' reports go to the master together. */
  final io.quern.worker.MasterReports reports;

  SimulatedWorker(String id, String endpoint, SimulatedAttempts attempts, SchedulingStats observer,
      java.util.function.LongSupplier publishedEpoch) {
    this.id = id;
    this.endpoint = endpoint;
    this.attempts = attempts;
    this.reports = attempts.newReports();
    this.observer = observer;
    this.publishedEpoch = publishedEpoch;
  }

  /** As a real worker: refuses a command of an epoch older than any seen or published. */
  private synchronized void checkEpoch(long epoch) throws StaleEpochException {
    highestEpoch = Math.max(highestEpoch, publishedEpoch.getAsLong());
    if (epoch < highestEpoch) {
      throw new StaleEpochException(epoch, highestEpoch);
    }
    highestEpoch = epoch;
  }

  @Override
  public void launch(java.util.List<TaskLaunch> launches, Map<String, byte[]> jobConfs)
      throws StaleEpochException, JobConfUnknownException, java.rmi.RemoteException {
    CallContext.requireClusterMember();
    observer.called("launch");
    for (TaskLaunch launch : confs.complete(launches, jobConfs)) {
      checkEpoch(launch.epoch());
      attempts.start(this, launch);
    }
  }

  @Override
  public void kill(long epoch, String attemptId) throws StaleEpochException, java.rmi.RemoteException {
    CallContext.requireClusterMember();
    checkEpoch(epoch);
    SimulatedAttempts.Running r = running.remove(attemptId);
    if (r != null) {
      r.cancel();
    }
  }

  @Override
  public void jobFinished(long epoch, String jobId) throws StaleEpochException, java.rmi.RemoteException {
    CallContext.requireClusterMember();
    checkEpoch(epoch);
    confs.forget(jobId);
    running.values().removeIf(r -> {
      if (r.launch.jobId().equals(jobId)) {
        r.cancel();
        return true;
      }
      return false;
    });
  }

  @Override
  public byte[] readLog(String attemptId, String stream, long offset, int maxBytes) throws IOException {
    CallContext.requireClusterMember();
    throw new IOException("worker " + id + " is simulated: its attempts run no program and write no logs");
  }
}
