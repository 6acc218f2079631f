package io.quern.master;

import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.history.JobHistoryFiles;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.quern.cluster.Coordination;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.NodeAttributes;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.http.BadRequestException;
import io.quern.http.DaemonHttp;
import io.quern.http.NotFoundException;
import io.quern.http.Response;
import io.quern.net.HostPort;
import io.quern.protocol.mapred.NotLeaderException;
import io.quern.protocol.mapred.UnknownJobException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves the master's status pages and metrics. Every read of the tables is a call submitted
 * to the {@link MasterLoop} that copies what the page shows; a standby (no tables) says so and
 * links the active master, found through ZooKeeper.
 */
final class MasterHttp extends DaemonHttp<MasterHttp> {
  /** Longest a page waits for the loop: a busy loop delays a page, never the other way round. */
  private static final long LOOP_WAIT_MS = 5_000;

  /** Thread-safe (calls are queued for its thread; every page reads a copy made there). */
  private final MasterLoop loop;
  /** Thread-safe (the session's). */
  private final Coordination coordination;
  /** Thread-safe (stateless but for its immutable configuration and directory). */
  private final JobHistoryFiles history;
  private final long startMillis = System.currentTimeMillis();
  private final String version = io.quern.cli.VersionInfo.version();
  /**
   * The last tables copy for /metrics, so that one scrape makes one loop call. volatile, read
   * without a lock: two scrapes at once may both copy, and the last one stays.
   */
  private volatile Cached cached = new Cached(0, null);

  private record Cached(long atNanos, MasterSnapshots.Tables tables) {}

  MasterHttp(HostPort bind, MasterLoop loop, Coordination coordination, JobHistoryFiles history) {
    super("master", bind);
    this.loop = loop;
    this.coordination = coordination;
    this.history = history;
    server.page("/", r -> {
      MasterPages.ClusterView v = clusterView();
      return Response.of(r, v, () -> MasterPages.cluster(v));
    });
    server.page("/job", r -> {
      JobDetail d = job(r.require("id"));
      return Response.of(r, d, () -> MasterPages.job(d, System.currentTimeMillis()));
    });
    server.page("/timeline", r -> {
      JobDetail d = job(r.require("id"));
      return Response.of(r, d, () -> MasterPages.timeline(d, System.currentTimeMillis()));
    });
    server.page("/workers", r -> {
      List<MasterSnapshots.WorkerRow> w = onLoop(JobTracker::workersSnapshot).orElse(List.of());
      return Response.of(r, w, () -> MasterPages.workers(w));
    });
    registerMetrics();
  }

  /**
   * The job as this master holds it; else, a finished job this master forgot (retired, or ended
   * under an earlier master) or that a standby is asked for, from its history file.
   */
  private JobDetail job(String id) throws Exception {
    try {
      io.quern.mapreduce.JobID.forName(id);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("'" + id + "' is not a job id");
    }
    boolean standby;
    try {
      Optional<JobDetail> d = onLoop(t -> t.jobSnapshot(id));
      if (d.isPresent()) {
        return d.get();
      }
      standby = true;
    } catch (UnknownJobException e) {
      standby = false;
    }
    Optional<JobDetail> past = history.read(id);
    if (past.isPresent()) {
      return past.get();
    }
    throw new NotFoundException(standby ? "this master is a standby and no history of " + id
        + " exists; ask the active master" : "no job " + id + " on this master, and no history of it");
  }

  private MasterPages.ClusterView clusterView() throws Exception {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    Optional<MasterSnapshots.Tables> tables = onLoop(JobTracker::tablesSnapshot);
    String host = server.endpoint().toString();
    return new MasterPages.ClusterView(tables.isPresent() ? "active" : "standby", host, startMillis, version,
        heap.getUsed(), heap.getMax(), tables.isPresent() ? host : activeMasterHttp(), tables.orElse(null));
  }

  /** The status page address of the active master, as it published it; null when none is known. */
  private String activeMasterHttp() {
    Optional<LeaderElection.Leader> leader = coordination.leaderView().leader();
    if (leader.isEmpty()) {
      return null;
    }
    for (NodeInfo n : coordination.membership().live(Role.MASTER)) {
      if (n.endpoint().equals(leader.get().endpoint())) {
        return n.attribute(NodeAttributes.HTTP_ADDRESS, null);
      }
    }
    return null;
  }

  /** A copy made on the loop; empty while this master does not lead. */
  private <T> Optional<T> onLoop(MasterLoop.TrackerCall<T> call) throws Exception {
    try {
      return Optional.of(loop.call(call).get(LOOP_WAIT_MS, TimeUnit.MILLISECONDS));
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof NotLeaderException) {
        return Optional.empty();
      }
      throw cause instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("the master's loop did not answer within " + LOOP_WAIT_MS + " ms");
    }
  }

  private MasterSnapshots.Tables recentTables() {
    Cached c = cached;
    if (c.tables() != null && System.nanoTime() - c.atNanos() < 1_000_000_000L) {
      return c.tables();
    }
    try {
      MasterSnapshots.Tables t = onLoop(JobTracker::tablesSnapshot).orElse(null);
      cached = new Cached(System.nanoTime(), t);
      return t;
    } catch (Exception e) {
      return null;
    }
  }

  private void registerMetrics() {
    var reg = metrics.registry();
    GaugeWithCallback.builder().name("quern_master_active")
        .help("1 while this master leads the cluster, 0 while it is a standby")
        .callback(cb -> cb.call(recentTables() == null ? 0 : 1)).register(reg);
    GaugeWithCallback.builder().name("quern_master_epoch").help("The leadership epoch of this master while it leads")
        .callback(cb -> withTables(t -> cb.call(t.epoch()))).register(reg);
    GaugeWithCallback.builder().name("quern_master_tasks").help("Map and reduce tasks of the jobs in memory, by state")
        .labelNames("state").callback(cb -> withTables(t -> {
          for (String s : List.of("pending", "running", "succeeded", "failed")) {
            cb.call(t.tasksByState().getOrDefault(s, 0), s);
          }
        })).register(reg);
    GaugeWithCallback.builder().name("quern_master_running_attempts").help("Attempts running now, by task type")
        .labelNames("type").callback(cb -> withTables(t -> {
          cb.call(t.runningMaps(), "map");
          cb.call(t.runningReduces(), "reduce");
        })).register(reg);
    GaugeWithCallback.builder().name("quern_master_slots").help("Task slots of the live workers, by type")
        .labelNames("type").callback(cb -> withTables(t -> {
          cb.call(t.mapSlots(), "map");
          cb.call(t.reduceSlots(), "reduce");
        })).register(reg);
    GaugeWithCallback.builder().name("quern_master_slots_occupied").help("Task slots running an attempt, by type")
        .labelNames("type").callback(cb -> withTables(t -> {
          cb.call(t.occupiedMapSlots(), "map");
          cb.call(t.occupiedReduceSlots(), "reduce");
        })).register(reg);
    GaugeWithCallback.builder().name("quern_master_loop_queue_length")
        .help("Events (RPCs, ZooKeeper changes, ticks) waiting for the master's loop thread")
        .callback(cb -> cb.call(loop.queueLength())).register(reg);
    GaugeWithCallback.builder().name("quern_master_workers").help("Live workers, and those blacklisted by a running job")
        .labelNames("state").callback(cb -> withTables(t -> {
          cb.call(t.liveWorkers(), "live");
          cb.call(t.blacklistedWorkers(), "blacklisted");
        })).register(reg);
    GaugeWithCallback.builder().name("quern_master_jobs").help("Jobs in memory (running, and finished not yet retired), by state")
        .labelNames("state").callback(cb -> withTables(t -> {
          Map<String, Integer> n = new java.util.TreeMap<>();
          for (io.quern.mapreduce.JobState s : io.quern.mapreduce.JobState.values()) {
            n.put(s.name().toLowerCase(java.util.Locale.ROOT), 0);
          }
          t.jobs().forEach(j -> n.merge(j.state().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum));
          n.forEach((s, v) -> cb.call(v, s));
        })).register(reg);
    CounterWithCallback.builder().name("quern_master_jobs_submitted_total")
        .help("Jobs submitted to this master since it became active (restarts at each epoch)")
        .callback(cb -> withTables(t -> cb.call(t.submissions()))).register(reg);
  }

  private void withTables(java.util.function.Consumer<MasterSnapshots.Tables> use) {
    MasterSnapshots.Tables t = recentTables();
    if (t != null) {
      use.accept(t);
    }
  }
}
