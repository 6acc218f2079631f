package io.quern.master;

import io.quern.mapreduce.history.AttemptSummary;
import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.history.JobSummary;
import io.quern.mapreduce.history.TaskSummary;
import io.quern.http.Html;
import io.quern.mapreduce.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The master's status pages, as Hadoop 1's jobtracker.jsp showed them: the cluster summary and
 * the jobs, one job's counters and attempts, its timeline, the workers. Renders snapshots only
 * (see {@link MasterSnapshots}); no network, no tables.
 */
final class MasterPages {
  /** Immutable: never written after class initialization (an array only because the page builder takes one). */
  static final String[] NAV = {"Cluster", "/", "Workers", "/workers", "Metrics", "/metrics"};

  /** What the cluster page shows: this master's own facts, and the tables when it leads. */
  record ClusterView(String state, String host, long startMillis, String version, long heapUsedBytes,
      long heapMaxBytes, String activeMasterHttp, MasterSnapshots.Tables tables) {}

  private MasterPages() {}

  static String cluster(ClusterView v) {
    Html h = new Html("Quern master " + v.host(), NAV);
    MasterSnapshots.Tables t = v.tables();
    if (t == null) {
      h.p(Html.span("warn", "This master is a standby."), " ",
          v.activeMasterHttp() == null ? "No master is active now."
              : Html.link("http://" + v.activeMasterHttp() + "/", "The active master"),
          v.activeMasterHttp() == null ? "" : " serves the cluster's jobs.");
      h.facts("State", v.state(), "Started", Html.time(v.startMillis()), "Version", v.version(),
          "Heap", Html.bytes(v.heapUsedBytes()) + " of " + Html.bytes(v.heapMaxBytes()));
      return h.finish();
    }
    h.facts("State", v.state(), "Epoch", t.epoch(), "Started", Html.time(v.startMillis()), "Version", v.version(),
        "Running maps", t.runningMaps(), "Running reduces", t.runningReduces(),
        "Map slots occupied", t.occupiedMapSlots() + " of " + t.mapSlots(),
        "Reduce slots occupied", t.occupiedReduceSlots() + " of " + t.reduceSlots(),
        "Workers", Html.link("/workers", t.liveWorkers() + " live, " + t.blacklistedWorkers() + " blacklisted"),
        "Jobs submitted (this epoch)", t.submissions(),
        "Heap", Html.bytes(v.heapUsedBytes()) + " of " + Html.bytes(v.heapMaxBytes()));
    jobTable(h, "Running jobs", t.jobs(), j -> !j.state().isTerminal());
    jobTable(h, "Completed jobs", t.jobs(), j -> j.state() == JobState.SUCCEEDED);
    jobTable(h, "Failed and killed jobs", t.jobs(), j -> j.state() == JobState.FAILED || j.state() == JobState.KILLED);
    return h.finish();
  }

  private static void jobTable(Html h, String title, List<JobSummary> jobs,
      java.util.function.Predicate<JobSummary> which) {
    h.h2(title);
    List<List<Object>> rows = new ArrayList<>();
    for (JobSummary j : jobs) {
      if (which.test(j)) {
        rows.add(List.of(Html.link(Html.url("/job", "id", j.id()), j.id()), j.user(), j.name(), j.priority(),
            j.state().name(), Html.percent(j.mapProgress()), j.mapsDone() + "/" + j.maps(), Html.percent(j.reduceProgress()),
            j.reducesDone() + "/" + j.reduces(), Html.time(j.submitMillis()),
            j.failure() == null ? "" : j.failure()));
      }
    }
    h.table(List.of("Job", "User", "Name", "Priority", "State", "Map %", "Maps done", "Reduce %", "Reduces done", "Submitted",
        "Diagnostics"), rows);
  }

  static String job(JobDetail d, long now) {
    JobSummary j = d.job();
    Html h = new Html("Job " + j.id(), NAV);
    h.p(Html.link(Html.url("/timeline", "id", j.id()), "Timeline"), " | ",
        Html.link(Html.url("/job", "id", j.id(), "format", "json"), "JSON"));
    long end = j.finishMillis() > 0 ? j.finishMillis() : now;
    h.facts("Name", j.name(), "User", j.user(), "State", j.state().name(), "Priority", j.priority(),
        "Submitted", Html.time(j.submitMillis()), "Finished", Html.time(j.finishMillis()),
        "Duration", Html.duration(end - j.submitMillis()),
        "Maps", Html.bar(j.mapProgress()), "Maps done", j.mapsDone() + " of " + j.maps(),
        "Reduces", Html.bar(j.reduceProgress()), "Reduces done", j.reducesDone() + " of " + j.reduces(),
        "Diagnostics", j.failure() == null ? "" : j.failure());
    h.h2("Attempts");
    List<List<Object>> rows = new ArrayList<>();
    for (TaskSummary t : d.tasks()) {
      for (AttemptSummary a : t.attempts()) {
        long stop = a.finishMillis() > 0 ? a.finishMillis() : now;
        rows.add(List.of(a.task(), a.id(), a.state(), workerLink(a.worker(), a.workerHttp()),
            a.locality() == null ? "" : a.locality().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
            Html.time(a.startMillis()), Html.time(a.finishMillis()), Html.duration(stop - a.startMillis()),
            Html.percent(a.progress()), a.status() == null ? "" : a.status(),
            a.error() == null ? "" : Html.span("err", a.error()), logLinks(a)));
      }
      if (t.attempts().isEmpty()) {
        rows.add(List.of(t.id(), "", t.state(), "", "", "", "", "", Html.percent(t.progress()), "", "", ""));
      }
    }
    h.table(List.of("Task", "Attempt", "State", "Worker", "Locality", "Started", "Finished", "Duration", "Progress", "Status",
        "Error", "Logs"), rows);
    h.h2("Counters");
    List<List<Object>> counters = new ArrayList<>();
    for (Map.Entry<String, Map<String, Long>> g : new java.util.TreeMap<>(d.counters()).entrySet()) {
      for (Map.Entry<String, Long> c : new java.util.TreeMap<>(g.getValue()).entrySet()) {
        counters.add(List.of(shortGroup(g.getKey()), c.getKey(), c.getValue()));
      }
    }
    h.table(List.of("Group", "Counter", "Value"), counters);
    return h.finish();
  }

  static String timeline(JobDetail d, long now) {
    JobSummary j = d.job();
    Html h = new Html("Timeline of " + j.id(), NAV);
    h.p(Html.link(Html.url("/job", "id", j.id()), "Back to the job"), " | ",
        Html.span("map", "maps in blue"), ", ", Html.span("reduce", "reduces in orange"),
        ", the cleanup in grey; failed or killed attempts outlined in red. One row per slot of a worker.");
    List<AttemptSummary> attempts = new ArrayList<>();
    d.tasks().forEach(t -> attempts.addAll(t.attempts()));
    h.raw(TimelineChart.svg(attempts, now));
    return h.finish();
  }

  static String workers(List<MasterSnapshots.WorkerRow> workers) {
    Html h = new Html("Workers", NAV);
    List<List<Object>> rows = new ArrayList<>();
    for (MasterSnapshots.WorkerRow w : workers) {
      rows.add(List.of(workerLink(w.id(), w.httpAddress()), w.host(), w.rack(), w.runningMaps() + " of " + w.mapSlots(),
          w.runningReduces() + " of " + w.reduceSlots(), w.failedAttempts(), w.blacklistedByJobs(),
          Double.isNaN(w.load()) ? "" : String.format(java.util.Locale.ROOT, "%.2f", w.load()),
          w.memAvailableBytes() < 0 ? "" : Html.bytes(w.memAvailableBytes()),
          w.gpus().isEmpty() ? "" : w.gpus().size() + " (" + String.join(", ", w.gpus()) + ")"));
    }
    h.table(List.of("Worker", "Host", "Rack", "Running maps", "Running reduces", "Failed attempts",
        "Blacklisted by jobs", "Load", "Memory free", "GPUs"), rows);
    return h.finish();
  }

  private static Object workerLink(String id, String http) {
    return http == null || http.isEmpty() ? id : Html.link("http://" + http + "/", id);
  }

  private static Object logLinks(AttemptSummary a) {
    if (a.workerHttp() == null || a.workerHttp().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String kind : List.of("stdout", "stderr", "syslog")) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(Html.link("http://" + a.workerHttp() + Html.url("/logs", "attempt", a.id(), "kind", kind), kind));
    }
    return new Html.Fragment(b.toString());
  }

  private static String shortGroup(String group) {
    int dot = group.lastIndexOf('.');
    return dot < 0 ? group : group.substring(dot + 1);
  }
}
