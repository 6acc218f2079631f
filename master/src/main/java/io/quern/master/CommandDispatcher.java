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

  /** Immutable (the supplier); what it supplies is thread-safe. */
  private final Supplier<MasterLoop> loop;
  /** Thread-safe (its own executor and lock). */
  private final JobFinisher finisher;
  /** Thread-safe (an RMI lookup, or a test's in-process worker). */
  private final WorkerStubs workers;
  /** Thread-safe (concurrent map): lanes are added by the loop thread, read by the lanes' threads. */
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  /**
   * Thread-safe (concurrent map): each worker's stub, looked up and dropped by its lane's thread.
   * The lookup (an RMI call) runs outside the map's lock, which would hold up other lanes.
   */
  private final Map<String, TaskLaunchProtocol> stubs = new ConcurrentHashMap<>();

  CommandDispatcher(Supplier<MasterLoop> loop, JobFinisher finisher, WorkerStubs workers) {
    this.loop = loop;
    this.finisher = finisher;
    this.workers = workers;
  }

  /**
   * Carries out the commands the tracker of {@code epoch} decided. Each goes out with that
   * epoch, whenever its lane gets to it: a command queued behind a slow call may leave after this
   * master led again with a newer epoch, and must neither speak for the newer tables nor, refused
   * as stale, end them.
   */
  void dispatch(long epoch, List<Command> commands) {
    for (Command c : commands) {
      if (c instanceof Command.Launch l) {
        lane(l.endpoint()).add(new Item(l.workerId(), l.launch().epoch(), l.launch(), null, null));
      } else if (c instanceof Command.Kill k) {
        String attemptId = k.attempt().toString();
        lane(k.endpoint()).add(new Item(k.workerId(), epoch, null, "kill " + attemptId,
            w -> w.kill(epoch, attemptId)));
      } else if (c instanceof Command.CleanupJob cj) {
        String jobId = cj.job().toString();
        for (WorkerInfo wi : cj.workers()) {
          Lane lane = lane(wi.endpoint());
          lane.add(new Item(wi.id(), epoch, null, "clean up " + jobId, w -> {
            w.jobFinished(epoch, jobId);
            lane.confsSent.remove(jobId); // on the lane's thread, which owns it
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
  private record Item(String workerId, long epoch, TaskLaunch launch, String what, WorkerCall call) {}

  /** One worker's calls, in order, on a thread of its own (a slow worker holds up no other). */
  private final class Lane {
    /** Immutable. */
    private final String endpoint;
    /** Thread-safe (a single-thread executor): the lane's thread, which runs every call to the worker. */
    private final ExecutorService thread;
    /** Thread-safe (concurrent queue): added to by the loop thread, drained in order by the lane's thread. */
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
     * Forgotten when a call fails, as the worker may come back without them. Confined to the
     * lane's thread (each drain, run by its single-thread executor, follows the last).
     */
    private final java.util.Set<String> confsSent = new java.util.HashSet<>();

    /** Whether a drain is queued that has not started yet: it will take what is added meanwhile. Thread-safe (atomic). */
    private final java.util.concurrent.atomic.AtomicBoolean drainQueued = new java.util.concurrent.atomic.AtomicBoolean();

    void add(Item item) {
      queue.add(item);
      if (drainQueued.compareAndSet(false, true)) {
        thread.execute(this::drain);
      }
    }

    /**
     * The worker's stub, looked up on first use. Only this lane's thread looks up this endpoint,
     * so no two lookups race; the lookup is an RMI call and runs outside the map's lock.
     */
    private TaskLaunchProtocol stub() throws Exception {
      TaskLaunchProtocol stub = stubs.get(endpoint);
      if (stub == null) {
        stub = workers.lookup(endpoint);
        stubs.put(endpoint, stub);
      }
      return stub;
    }

    /** Sends what is queued: runs of launches as one call each, the rest one by one. */
    private void drain() {
      drainQueued.set(false);
      List<Item> launches = new java.util.ArrayList<>();
      Item next;
      while ((next = queue.poll()) != null) {
        if (!launches.isEmpty() && (next.launch() == null || !next.workerId().equals(launches.get(0).workerId())
            || next.epoch() != launches.get(0).epoch() || launches.size() == MAX_LAUNCHES_PER_CALL)) {
          send(launches);
          launches.clear();
        }
        if (next.launch() != null) {
          launches.add(next);
        } else {
          run(next.workerId(), next.epoch(), next.what(), next.call());
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
      run(launches.get(0).workerId(), launches.get(0).epoch(), what, w -> {
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

    /** Makes one call to the worker for a command of {@code epoch}. */
    private void run(String workerId, long epoch, String what, WorkerCall call) {
      try {
        call.apply(stub());
      } catch (StaleEpochException e) {
        confsSent.clear();
        LOG.warn("{} on worker {} refused: {}; a newer master leads than epoch {}, which steps down if it still"
            + " leads here", what, workerId, e.getMessage(), epoch);
        loop.get().stepDown(epoch, e.getMessage());
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


  void close() {
    lanes.values().forEach(l -> l.thread.shutdownNow());
  }
}
