package io.quern.master;

import io.quern.protocol.mapred.JobConfUnknownException;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
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
 * at a time in order (so a kill never overtakes its launch), and the output commit. A worker's
 * lane sends the launches queued for it while its previous call was on the way in one call
 * ({@link TaskLaunchProtocol#launch}): the busier the master, the fewer calls per attempt. A job's
 * configuration goes to a worker with the first call of the job's launches there, not with each.
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
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
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
        lane(l.endpoint()).add(new Item(l.workerId(), l.launch(), null, null));
      } else if (c instanceof Command.Kill k) {
        String attemptId = k.attempt().toString();
        lane(k.endpoint()).add(new Item(k.workerId(), null, "kill " + attemptId, w -> w.kill(epoch, attemptId)));
      } else if (c instanceof Command.CleanupJob cj) {
        String jobId = cj.job().toString();
        for (WorkerInfo wi : cj.workers()) {
          lane(wi.endpoint()).add(new Item(wi.id(), null, "clean up " + jobId, w -> {
          w.jobFinished(epoch, jobId);
          lane(wi.endpoint()).confsSent.remove(jobId);
        }));
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

  /** Launches sent in one call at most: a bound on the call's size. */
  static final int MAX_LAUNCHES_PER_CALL = 32;

  private Lane lane(String endpoint) {
    return lanes.computeIfAbsent(endpoint, Lane::new);
  }

  /** A call for a worker: a launch, or another call ({@code what} it does, for the log). */
  private record Item(String workerId, TaskLaunch launch, String what, WorkerCall call) {}

  /** One worker's calls, in order, on a thread of its own (a slow worker holds up no other). */
  private final class Lane {
    private final String endpoint;
    private final ExecutorService thread;
    /** Drained in order by the lane's thread. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Item> queue =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    Lane(String endpoint) {
      this.endpoint = endpoint;
      this.thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "to-worker-" + endpoint);
        t.setDaemon(true);
        return t;
      });
    }

    /**
     * Jobs whose configuration this worker was sent (it keeps them until told the job finished).
     * Lane thread only; forgotten when a call fails, as the worker may come back without them.
     */
    private final java.util.Set<String> confsSent = new java.util.HashSet<>();

    /** Whether a drain is queued that has not started yet: it will take what is added meanwhile. */
    private final java.util.concurrent.atomic.AtomicBoolean drainQueued = new java.util.concurrent.atomic.AtomicBoolean();

    void add(Item item) {
      queue.add(item);
      if (drainQueued.compareAndSet(false, true)) {
        thread.execute(this::drain);
      }
    }

    /** Sends what is queued: runs of launches as one call each, the rest one by one. */
    private void drain() {
      drainQueued.set(false);
      List<Item> launches = new java.util.ArrayList<>();
      Item next;
      while ((next = queue.poll()) != null) {
        if (!launches.isEmpty() && (next.launch() == null || !next.workerId().equals(launches.get(0).workerId())
            || launches.size() == MAX_LAUNCHES_PER_CALL)) {
          send(launches);
          launches.clear();
        }
        if (next.launch() != null) {
          launches.add(next);
        } else {
          run(next.workerId(), next.what(), next.call());
        }
      }
      send(launches);
    }

    private void send(List<Item> launches) {
      if (launches.isEmpty()) {
        return;
      }
      List<TaskLaunch> full = launches.stream().map(Item::launch).toList();
      List<TaskLaunch> bare = full.stream().map(l -> l.withJobConf(null)).toList();
      String what = full.size() == 1 ? "launch " + full.get(0).attemptId()
          : "launch of " + full.size() + " attempts from " + full.get(0).attemptId();
      run(launches.get(0).workerId(), what, w -> {
        try {
          w.launch(bare, confsOf(full, confsSent));
        } catch (JobConfUnknownException e) {
          // The worker lost what it was sent (it restarted, or forgot the job): all of them again.
          LOG.info("worker at {} holds no configuration of {}; sending it again", endpoint, e.jobId());
          full.forEach(l -> confsSent.remove(l.jobId()));
          w.launch(bare, confsOf(full, confsSent));
        }
        full.forEach(l -> confsSent.add(l.jobId()));
      });
    }

    private void run(String workerId, String what, WorkerCall call) {
      try {
        TaskLaunchProtocol stub = stubs.computeIfAbsent(endpoint, e -> lookup(e));
        call.apply(stub);
      } catch (StaleEpochException e) {
        confsSent.clear();
        LOG.warn("{} on worker {} refused: {}; a newer master leads, so this one steps down", what, workerId,
            e.getMessage());
        loop.get().stepDown(e.getMessage());
      } catch (Exception e) {
        stubs.remove(endpoint);
        confsSent.clear();
        LOG.warn("{} on worker {} at {} failed: {}; treating the worker as lost", what, workerId, endpoint,
            RpcErrors.describe(e));
        loop.get().call(t -> {
          t.workerLost(workerId);
          return null;
        });
      }
    }
  }

  /** The configurations of the launches' jobs not in {@code sent}, by job; empty bytes for a job without one. */
  static Map<String, byte[]> confsOf(List<TaskLaunch> launches, java.util.Set<String> sent) {
    Map<String, byte[]> confs = new java.util.HashMap<>();
    for (TaskLaunch l : launches) {
      if (!sent.contains(l.jobId())) {
        confs.putIfAbsent(l.jobId(), l.jobConf() == null ? new byte[0] : l.jobConf());
      }
    }
    return confs;
  }

  private TaskLaunchProtocol lookup(String endpoint) {
    try {
      return workers.lookup(endpoint);
    } catch (Exception e) {
      throw new IllegalStateException("cannot look up the worker at " + endpoint + ": " + RpcErrors.describe(e), e);
    }
  }

  void close() {
    lanes.values().forEach(l -> l.thread.shutdownNow());
  }
}
