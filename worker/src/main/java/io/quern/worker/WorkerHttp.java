package io.quern.worker;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.quern.http.BadRequestException;
import io.quern.http.DaemonHttp;
import io.quern.http.Html;
import io.quern.http.NotFoundException;
import io.quern.http.Response;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.net.HostPort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A worker's status pages (its running attempts, their logs) and metrics. Logs are read as
 * {@code quern job -logs} reads them: the attempt id is parsed (only a well-formed id names a
 * file) and the files are opened without following any link, since the job's task user owns the
 * directory they are in.
 */
final class WorkerHttp extends DaemonHttp<WorkerHttp> {
  static final String[] NAV = {"Worker", "/", "Metrics", "/metrics"};
  /** What a log page shows unless {@code all=1}: the end, as Hadoop 1's tasklog showed it. */
  static final int TAIL_BYTES = 64 * 1024;
  /** The most a full log page carries: a runaway task's log must not fill the worker's heap. */
  static final int MAX_FULL_BYTES = 16 * 1024 * 1024;
  private static final Set<String> KINDS = Set.of("stdout", "stderr", "syslog");

  /** What the worker page shows. */
  record Status(String id, long startMillis, int mapSlots, int reduceSlots, String masterHttp,
      List<TaskManager.RunningAttempt> running) {}

  /** One log page: which log, its size, where the text shown starts, and the text. */
  record Log(String attempt, String kind, long size, long offset, String text) {}

  // Immutable: set at construction.
  private final TaskManager tasks;

  WorkerHttp(HostPort bind, TaskManager tasks, java.util.function.Supplier<Status> status, int mapSlots,
      int reduceSlots) {
    super("worker", bind);
    this.tasks = tasks;
    server.page("/", r -> {
      Status s = status.get();
      return Response.of(r, s, () -> page(s, System.currentTimeMillis()));
    });
    server.page("/logs", r -> {
      Log l = log(r.require("attempt"), r.param("kind") == null ? "stdout" : r.param("kind"), r.flag("all"));
      return Response.of(r, l, () -> logPage(l));
    });
    var reg = metrics.registry();
    GaugeWithCallback.builder().name("quern_worker_running_attempts").help("Attempts running on this worker, by type")
        .labelNames("type").callback(cb -> {
          Map<String, Integer> n = new java.util.TreeMap<>(Map.of("map", 0, "reduce", 0, "cleanup", 0));
          tasks.running().forEach(a -> n.merge(a.type(), 1, Integer::sum));
          n.forEach((t, v) -> cb.call(v, t));
        }).register(reg);
    GaugeWithCallback.builder().name("quern_worker_slots").help("Task slots this worker offers, by type")
        .labelNames("type").callback(cb -> {
          cb.call(mapSlots, "map");
          cb.call(reduceSlots, "reduce");
        }).register(reg);
  }

  Log log(String attempt, String kind, boolean all) throws java.io.IOException {
    try {
      if (!TaskAttemptID.forName(attempt).toString().equals(attempt)) {
        throw new IllegalArgumentException("not in canonical form");
      }
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("'" + attempt + "' is not an attempt id (attempt_..._m_000000_0)");
    }
    if (!KINDS.contains(kind)) {
      throw new BadRequestException("no log kind '" + kind + "' (stdout, stderr or syslog)");
    }
    AttemptLogReader.LogTail t;
    try {
      t = tasks.logs().tail(attempt, kind, all ? MAX_FULL_BYTES : TAIL_BYTES);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new NotFoundException("no " + kind + " log of " + attempt + " on this worker");
    }
    return new Log(attempt, kind, t.size(), t.offset(), new String(t.bytes(), StandardCharsets.UTF_8));
  }

  static String page(Status s, long now) {
    Html h = new Html("Quern worker " + s.id(), NAV);
    if (s.masterHttp() != null) {
      h.p(Html.link("http://" + s.masterHttp() + "/", "The active master"));
    }
    h.facts("Started", Html.time(s.startMillis()), "Map slots", s.mapSlots(), "Reduce slots", s.reduceSlots(),
        "Running attempts", s.running().size());
    h.h2("Running attempts");
    List<List<Object>> rows = new ArrayList<>();
    for (TaskManager.RunningAttempt a : s.running()) {
      rows.add(List.of(a.attemptId(), a.type(), a.jobId(), a.childId(), Html.time(a.startMillis()),
          Html.duration(now - a.startMillis()), a.killed() ? "being killed" : "running", logLinks(a.attemptId())));
    }
    h.table(List.of("Attempt", "Type", "Job", "Child JVM", "Started", "Running for", "State", "Logs"), rows);
    return h.finish();
  }

  static Html.Fragment logLinks(String attempt) {
    StringBuilder b = new StringBuilder();
    for (String kind : List.of("stdout", "stderr", "syslog")) {
      b.append(Html.link(Html.url("/logs", "attempt", attempt, "kind", kind), kind)).append(' ');
    }
    return new Html.Fragment(b.toString().trim());
  }

  static String logPage(Log l) {
    Html h = new Html(l.kind() + " of " + l.attempt(), NAV);
    h.p(logLinks(l.attempt()), " | ", Html.link(Html.url("/logs", "attempt", l.attempt(), "kind", l.kind(), "all", "1"),
        "whole log"));
    if (l.kind().equals("syslog")) {
      h.p("The log of the child JVM that ran the attempt, shared by the attempts that child ran.");
    }
    h.p(l.offset() > 0 ? "The last " + Html.bytes(l.size() - l.offset()) + " of " + Html.bytes(l.size()) + ":"
        : Html.bytes(l.size()) + ":");
    h.pre(l.text());
    return h.finish();
  }
}
