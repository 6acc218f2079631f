package io.quern.master;

import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.rpc.RpcErrors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Carries out the tracker's commands off the loop thread: RMI calls to workers, one worker
 * at a time in order (so a kill never overtakes its launch), and the output commit.
 */
final class CommandDispatcher {
  private static final Logger LOG = LogManager.getLogger(CommandDispatcher.class);

  /** Reaches the worker serving at an endpoint: over RMI in a daemon, in-process in a test. */
  @FunctionalInterface
  interface WorkerStubs {
    TaskLaunchProtocol lookup(String endpoint) throws Exception;
  }

  private final Supplier<MasterLoop> loop;
  private final JobFinisher finisher;
  private final WorkerStubs workers;
  private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
  private final Map<String, TaskLaunchProtocol> stubs = new ConcurrentHashMap<>();
  private volatile long epoch;

  CommandDispatcher(Supplier<MasterLoop> loop, JobFinisher finisher, WorkerStubs workers) {
    this.loop = loop;
    this.finisher = finisher;
    this.workers = workers;
  }

  void dispatch(List<Command> commands) {
    for (Command c : commands) {
      if (c instanceof Command.Launch l) {
        onWorker(l.workerId(), l.endpoint(), "launch " + l.launch().attemptId(), w -> w.launch(l.launch()));
      } else if (c instanceof Command.Kill k) {
        String attemptId = k.attempt().toString();
        onWorker(k.workerId(), k.endpoint(), "kill " + attemptId, w -> w.kill(epoch, attemptId));
      } else if (c instanceof Command.CleanupJob cj) {
        String jobId = cj.job().toString();
        for (WorkerInfo wi : cj.workers()) {
          onWorker(wi.id(), wi.endpoint(), "clean up " + jobId, w -> w.jobFinished(epoch, jobId));
        }
      } else if (c instanceof Command.JobEnded e) {
        finisher.writeHistory(e.job().toString());
        finisher.forget(epoch, e.job().toString(), e.committed());
      } else if (c instanceof Command.RecordTask r) {
        finisher.record(epoch, r.job().toString(), r.task());
      }
    }
  }

  /** The epoch of the current leadership, set before the loop leads with it. */
  void setEpoch(long epoch) {
    this.epoch = epoch;
  }

  @FunctionalInterface
  private interface WorkerCall {
    void apply(TaskLaunchProtocol worker) throws Exception;
  }

  private void onWorker(String workerId, String endpoint, String what, WorkerCall call) {
    ExecutorService lane = lanes.computeIfAbsent(endpoint, e -> Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "to-worker-" + e);
      t.setDaemon(true);
      return t;
    }));
    lane.execute(() -> {
      try {
        TaskLaunchProtocol stub = stubs.computeIfAbsent(endpoint, e -> lookup(e));
        call.apply(stub);
      } catch (StaleEpochException e) {
        LOG.warn("{} on worker {} refused: {}; a newer master leads, so this one steps down", what, workerId,
            e.getMessage());
        loop.get().stepDown(e.getMessage());
      } catch (Exception e) {
        stubs.remove(endpoint);
        LOG.warn("{} on worker {} at {} failed: {}; treating the worker as lost", what, workerId, endpoint,
            RpcErrors.describe(e));
        loop.get().call(t -> {
          t.workerLost(workerId);
          return null;
        });
      }
    });
  }

  private TaskLaunchProtocol lookup(String endpoint) {
    try {
      return workers.lookup(endpoint);
    } catch (Exception e) {
      throw new IllegalStateException("cannot look up the worker at " + endpoint + ": " + RpcErrors.describe(e), e);
    }
  }

  void close() {
    lanes.values().forEach(ExecutorService::shutdownNow);
  }
}
