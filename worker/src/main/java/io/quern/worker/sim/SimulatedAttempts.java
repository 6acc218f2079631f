package io.quern.worker.sim;

import io.quern.conf.Configuration;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.TaskCounter;
import io.quern.mapreduce.TaskKind;
import io.quern.protocol.mapred.AttemptReport;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.ReportAnswer;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.worker.MasterReports;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays out the attempts of the simulated workers of one process, making for each the umbilical
 * calls a real worker relays for its child ({@code AttemptRunner} through {@code TaskManager}):
 * a status report every second while it runs, the first a second after the start (so an attempt
 * shorter than that reports only its end); a reduce first follows the map
 * output events until every map has one; after {@code taskMillis} a map or reduce whose output
 * format commits task output (any but {@code NullOutputFormat}) asks {@code canCommit}, and the
 * job's cleanup asks it before a commit (not before an abort); then {@code done}. The reports go
 * through each worker's {@link MasterReports}, as a real worker's, so that they leave together
 * in {@code report} calls (and the calls counted are those). A report the
 * master answers with false ends the attempt as killed ({@code failed}, killed), as a child
 * interrupted; a stale epoch drops it silently, as a worker kills the attempts of an old master.
 *
 * <p>Timers run on one scheduler thread; the calls to the master on a small pool, so that N
 * workers cost a few threads, not one per attempt.
 */
final class SimulatedAttempts {
  private static final long REPORT_MILLIS = 1000;

  private final TaskUmbilicalProtocol master;
  private final ScheduledExecutorService timer;
  private final ExecutorService calls;
  private final SchedulingStats observer;
  private volatile long taskMillis;
  /** Whether a job's output format commits each task's output, read once from its configuration. */
  private final Map<String, Boolean> commitsTasks = new ConcurrentHashMap<>();

  SimulatedAttempts(TaskUmbilicalProtocol master, ScheduledExecutorService timer, ExecutorService calls,
      SchedulingStats observer, long taskMillis) {
    this.master = master;
    this.timer = timer;
    this.calls = calls;
    this.observer = observer;
    this.taskMillis = taskMillis;
  }

  /** How long the maps and reduces launched from now on take (the cleanup task takes no time). */
  void setTaskMillis(long millis) {
    this.taskMillis = millis;
  }

  /** An attempt launched on a worker: its life as a timer and the calls it makes. */
  final class Running {
    final SimulatedWorker worker;
    final TaskLaunch launch;
    final long startNanos = System.nanoTime();
    final long millis;
    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> next;
    /** Map output events seen, for a reduce. */
    private final Set<Integer> mapsSeen = new HashSet<>();
    /** Maps the job went on without (failed for good within its allowance). */
    private final Set<Integer> mapsSkipped = new HashSet<>();
    private int nextEvent;
    /** Whether the next step is a report (else it is the attempt's end, or a reduce's next look at events). */
    private boolean reportDue;

    Running(SimulatedWorker worker, TaskLaunch launch) {
      this.worker = worker;
      this.launch = launch;
      this.millis = launch.kind() == TaskKind.JOB_CLEANUP ? 0 : taskMillis;
    }

    void cancel() {
      cancelled = true;
      ScheduledFuture<?> f = next;
      if (f != null) {
        f.cancel(false);
      }
    }

    private long elapsedMillis() {
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** When the last report was due: reports fall on whole seconds from the start. */
    private long lastReportAt(long elapsed) {
      return elapsed / REPORT_MILLIS * REPORT_MILLIS;
    }
  }

  void start(SimulatedWorker worker, TaskLaunch launch) {
    Running r = new Running(worker, launch);
    worker.running.put(launch.attemptId(), r);
    observer.launched(worker, launch, r.startNanos);
    if (launch.kind() == TaskKind.REDUCE || r.millis == 0) {
      calls.execute(() -> step(r));
    } else {
      r.reportDue = REPORT_MILLIS <= r.millis;
      later(r, Math.min(REPORT_MILLIS, r.millis));
    }
  }

  /**
   * One step of an attempt's life, on the call pool: a report every second while it runs (the
   * first after a second, as a child's reporter), then its end. An attempt shorter than a second
   * reports nothing before it asks to commit. The reports go through its worker's {@link
   * MasterReports}, as a real worker's; the next step follows the answer on the thread that got
   * it, at once, as a child goes on when its call returns (it only queues a report or a timer),
   * so that a done asked for with its commit's answer leaves in the worker's next call.
   */
  private void step(Running r) {
    if (r.cancelled) {
      return;
    }
    try {
      if (r.launch.kind() == TaskKind.REDUCE && !followMapOutputs(r)) {
        later(r, REPORT_MILLIS);
        return;
      }
    } catch (StaleEpochException e) {
      r.worker.running.remove(r.launch.attemptId());
      return;
    } catch (Exception e) {
      later(r, REPORT_MILLIS); // not delivered: the next step asks again
      return;
    }
    long elapsed = r.elapsedMillis();
    if (elapsed < r.millis && r.reportDue) {
      r.worker.reports.send(AttemptReport.status(status(r, Math.min(1f, (float) elapsed / r.millis))))
          .whenComplete((answer, failure) -> {
            if (failure != null) {
              retry(r);
            } else if (answer == ReportAnswer.STALE_EPOCH) {
              r.worker.running.remove(r.launch.attemptId());
            } else if (answer != ReportAnswer.YES) {
              end(r, "killed", true);
            } else {
              goOn(r, r.elapsedMillis());
            }
          });
      return;
    }
    goOn(r, elapsed);
  }

  /** After a step's report: the next report, or the attempt's end. */
  private void goOn(Running r, long elapsed) {
    if (elapsed < r.millis) {
      // Due at the next report, or at the attempt's end if that comes first.
      long toReport = REPORT_MILLIS - (elapsed - r.lastReportAt(elapsed));
      r.reportDue = toReport <= r.millis - elapsed;
      later(r, Math.max(1, Math.min(toReport, r.millis - elapsed)));
      return;
    }
    finish(r);
  }

  /** Not delivered (the master moves, or is busy): the next step retries, as a child's next report. */
  private void retry(Running r) {
    r.reportDue = true;
    later(r, REPORT_MILLIS);
  }

  private void later(Running r, long millis) {
    if (!r.cancelled) {
      r.next = timer.schedule(() -> calls.execute(() -> step(r)), millis, TimeUnit.MILLISECONDS);
    }
  }

  /** A reduce's shuffle: true once every map has an output event (nothing is fetched). */
  private boolean followMapOutputs(Running r) throws Exception {
    if (r.mapsSeen.size() >= r.launch.numMaps()) {
      return true;
    }
    observer.called("mapOutputEvents");
    List<MapOutputEvent> events = master.mapOutputEvents(r.launch.epoch(), r.launch.jobId(), r.nextEvent);
    for (MapOutputEvent e : events) {
      r.nextEvent = Math.max(r.nextEvent, e.index() + 1);
      if (e.obsolete() && !r.mapsSkipped.contains(e.mapIndex())) {
        r.mapsSeen.remove(e.mapIndex());
      } else if (e.skipped()) {
        r.mapsSkipped.add(e.mapIndex());
        r.mapsSeen.add(e.mapIndex());
      } else {
        r.mapsSeen.add(e.mapIndex());
      }
    }
    return r.mapsSeen.size() >= r.launch.numMaps();
  }

  private void finish(Running r) {
    TaskLaunch l = r.launch;
    if (!needsCommit(l)) {
      succeed(r);
      return;
    }
    r.worker.reports.send(AttemptReport.commit(l.epoch(), l.attemptId(), r.worker.id))
        .whenComplete((answer, failure) -> {
          if (failure != null || answer == ReportAnswer.NOT_ANSWERED) {
            retry(r);
          } else if (answer == ReportAnswer.STALE_EPOCH) {
            r.worker.running.remove(l.attemptId());
          } else if (answer != ReportAnswer.YES) {
            end(r, "commit of " + l.attemptId() + " denied: another attempt committed the task", false);
          } else {
            succeed(r);
          }
        });
  }

  private void succeed(Running r) {
    TaskLaunch l = r.launch;
    if (r.worker.running.remove(l.attemptId()) == null) {
      return; // killed meanwhile
    }
    observer.finished(r.worker, l, System.nanoTime());
    r.worker.reports.done(status(r, 1f)); // as a real worker, a lost success is the master's to re-run
  }

  /** Ends an attempt the master no longer wants, or whose commit was denied, as its child would. */
  private void end(Running r, String diagnostics, boolean killed) {
    if (r.worker.running.remove(r.launch.attemptId()) != null) {
      r.worker.reports.failed(status(r, 0f), diagnostics, killed);
    }
  }

  /** A worker's report sender: its calls run on the shared call pool, one at a time per worker. */
  MasterReports newReports() {
    return new MasterReports(master, calls, n -> observer.called("report"));
  }

  private boolean needsCommit(TaskLaunch l) {
    if (l.kind() == TaskKind.JOB_CLEANUP) {
      return l.jobEnd() == JobState.SUCCEEDED;
    }
    return commitsTasks.computeIfAbsent(l.jobId(), j -> {
      if (l.jobConf() == null) {
        return true;
      }
      Configuration conf = new Configuration(false);
      try {
        conf.addBytes(l.jobConf(), j + " configuration");
      } catch (java.io.IOException e) {
        throw new io.quern.conf.ConfigurationException(e.getMessage(), e);
      }
      String format = conf.get(MRJobConfig.OUTPUT_FORMAT_CLASS, "");
      return !format.endsWith(".NullOutputFormat");
    });
  }

  private AttemptStatus status(Running r, float progress) {
    TaskLaunch l = r.launch;
    boolean map = l.kind() == TaskKind.MAP;
    return new AttemptStatus(l.epoch(), l.attemptId(), r.worker.id, progress,
        l.kind() == TaskKind.JOB_CLEANUP ? "cleanup" : map ? "map" : "reduce", counters(l.kind(), progress),
        map ? r.worker.endpoint : null);
  }

  /** About the counters a real task of the kind reports (the master keeps them per attempt). */
  private static CountersSnapshot counters(TaskKind kind, float progress) {
    if (kind == TaskKind.JOB_CLEANUP) {
      return CountersSnapshot.EMPTY;
    }
    long records = (long) (1000 * progress);
    Map<String, Long> task = new TreeMap<>();
    if (kind == TaskKind.MAP) {
      task.put(TaskCounter.MAP_INPUT_RECORDS.name(), records);
      task.put(TaskCounter.MAP_OUTPUT_RECORDS.name(), records);
      task.put(TaskCounter.MAP_OUTPUT_BYTES.name(), records * 20);
      task.put(TaskCounter.SPILLED_RECORDS.name(), records);
    } else {
      task.put(TaskCounter.REDUCE_INPUT_GROUPS.name(), records);
      task.put(TaskCounter.REDUCE_INPUT_RECORDS.name(), records);
      task.put(TaskCounter.REDUCE_OUTPUT_RECORDS.name(), records);
      task.put(TaskCounter.REDUCE_SHUFFLE_BYTES.name(), records * 20);
    }
    Map<String, Long> fs = Map.of(FileSystemCounter.BYTES_READ.name(), records * 100,
        FileSystemCounter.BYTES_WRITTEN.name(), records * 20);
    return new CountersSnapshot(Map.of(TaskCounter.class.getName(), task, FileSystemCounter.class.getName(), fs));
  }
}
