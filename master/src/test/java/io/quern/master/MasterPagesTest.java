package io.quern.master;

import io.quern.mapreduce.history.AttemptSummary;
import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.history.JobSummary;
import io.quern.mapreduce.history.TaskSummary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.http.Json;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.SplitInfo;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The master's pages from snapshots of a tracker driven by hand: no loop, no network. */
class MasterPagesTest {
  private static final long EPOCH = 3;
  private long now = 1_000_000;

  private JobTracker tracker() {
    SchedulerSettings s = new SchedulerSettings(4, 4, 0.05f, 0, 0, false, false, 60_000, 0.2f, 4, 3, 900_000, 300_000,
        new SchedulerSettings.Retention(86_400_000, 100), Double.NaN);
    return new JobTracker(EPOCH, "pages", s, () -> now, h -> "/r1");
  }

  private static List<Command.Launch> launches(JobTracker jt) {
    return jt.drainCommands().stream().filter(c -> c instanceof Command.Launch).map(c -> (Command.Launch) c).toList();
  }

  private static AttemptStatus status(Command.Launch l, float progress) {
    return new AttemptStatus(EPOCH, l.launch().attemptId(), l.workerId(), progress, "", CountersSnapshot.EMPTY,
        l.endpoint());
  }

  @Test
  void pagesShowTheJobsAttemptsAndTimelineEscapingWhatUsersNamed() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(new WorkerInfo("w1", "h1", "/r1", "h1:9020", 2, 1, "h1:50060"));
    List<SplitInfo> splits = List.of(new SplitInfo(0, "S", new byte[0], 100, List.of("h1")),
        new SplitInfo(1, "S", new byte[0], 100, List.of("h1")));
    JobSpec spec = new JobSpec(jt.newJobId(), "<b>evil</b>", "me", 0, new byte[0], "/jar", "/s", splits, 1);
    jt.submit(spec);
    List<Command.Launch> maps = launches(jt);
    assertEquals(2, maps.size());

    MasterSnapshots.Tables t = jt.tablesSnapshot();
    assertEquals(2, t.runningMaps());
    assertEquals(2, t.occupiedMapSlots());
    assertEquals(2, t.mapSlots());
    assertEquals(1, t.submissions());
    assertEquals(Map.of("running", 2, "pending", 1), t.tasksByState());

    now += 1_000;
    jt.attemptSucceeded(status(maps.get(0), 1f));
    now += 1_000;
    jt.attemptFailed(status(maps.get(1), 0.3f), "boom <x>", false);
    List<Command.Launch> next = launches(jt);
    assertFalse(next.isEmpty(), "the failed map is retried, the reduce starts");

    JobDetail d = jt.jobSnapshot(spec.jobId());
    AttemptSummary failed = d.tasks().get(1).attempts().get(0);
    assertEquals("FAILED", failed.state());
    assertEquals(now, failed.finishMillis());
    assertEquals("boom <x>", failed.error());
    assertEquals("h1:50060", failed.workerHttp());
    AttemptSummary done = d.tasks().get(0).attempts().get(0);
    assertEquals(now - 1_000, done.finishMillis());
    assertNull(done.error());

    String cluster = MasterPages.cluster(new MasterPages.ClusterView("active", "m1:50030", 1, "0.1", 10, 20, "m1:50030",
        jt.tablesSnapshot()));
    assertTrue(cluster.contains("href=\"/job?id=" + spec.jobId() + "\""), cluster);
    assertTrue(cluster.contains("&lt;b&gt;evil&lt;/b&gt;"), cluster);
    assertFalse(cluster.contains("<b>evil"), cluster);
    assertTrue(cluster.contains("Running jobs"));

    String job = MasterPages.job(d, now);
    assertTrue(job.contains("boom &lt;x&gt;"), job);
    assertTrue(job.contains("http://h1:50060/logs?attempt=" + failed.id() + "&amp;kind=stderr"), job);
    assertTrue(job.contains("href=\"/timeline?id=" + spec.jobId() + "\""), job);

    String timeline = MasterPages.timeline(d, now);
    long mapBars = Pattern.compile("<rect class=\"map\"").matcher(timeline).results().count();
    long attempts = d.tasks().stream().filter(x -> x.type().equals("map")).mapToLong(x -> x.attempts().size()).sum();
    assertEquals(attempts, mapBars, timeline);
    assertTrue(timeline.contains("<svg"), timeline);

    String json = Json.write(d);
    assertTrue(json.contains("\"error\":\"boom \\u003cx\\u003e\""), json);
    assertTrue(json.contains("\"name\":\"\\u003cb\\u003eevil\\u003c/b\\u003e\""), json);
    assertEquals("NODE", done.locality(), "the split's host ran the map");
    assertTrue(job.contains("<td>node</td>"), job);
  }

  @Test
  void aJobsHistoryReadsBackAsTheSameDetailSoItsPagesAreTheSame() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(new WorkerInfo("w1", "h1", "/r1", "h1:9020", 2, 1, "h1:50060"));
    JobSpec spec = new JobSpec(jt.newJobId(), "quoted \"name\"\n\u00e9", "me", 0, new byte[0], "/jar", "/s",
        List.of(new SplitInfo(0, "S", new byte[0], 100, List.of("elsewhere"))), 0);
    jt.submit(spec);
    Command.Launch map = launches(jt).get(0);
    now += 2_500;
    CountersSnapshot counters = new CountersSnapshot(Map.of("io.quern.mapreduce.TaskCounter",
        Map.of("MAP_INPUT_RECORDS", 42L), "user \"group\"", Map.of("hits\t", 7L)));
    jt.attemptSucceeded(new AttemptStatus(EPOCH, map.launch().attemptId(), "w1", 1f, "done", counters, map.endpoint()));
    JobDetail d = jt.jobSnapshot(spec.jobId());

    JobDetail back = io.quern.http.JsonReader.read(Json.write(d), JobDetail.class);

    assertEquals(d, back);
    AttemptSummary a = back.tasks().get(0).attempts().get(0);
    assertEquals(2_500, a.finishMillis() - a.startMillis());
    assertEquals(42L, a.counters().get("io.quern.mapreduce.TaskCounter").get("MAP_INPUT_RECORDS"));
    assertEquals("RACK", a.locality(), "every host is in /r1 here");
    assertEquals(MasterPages.job(d, now), MasterPages.job(back, now));
    assertEquals(MasterPages.timeline(d, now), MasterPages.timeline(back, now));
  }

  @Test
  void attemptsThatOverlapOnAWorkerTakeSeparateRowsAndALaterOneReusesAFreeRow() {
    List<AttemptSummary> a = List.of(
        attempt("a1", "w1", 0, 10), attempt("a2", "w1", 5, 15), attempt("a3", "w1", 12, 20), attempt("b1", "w2", 0, 30));
    List<TimelineChart.Lane> lanes = TimelineChart.lanes(a, 100);
    assertEquals(3, lanes.size());
    assertEquals(List.of("a1", "a3"), lanes.get(0).attempts().stream().map(AttemptSummary::id).toList());
    assertEquals(List.of("a2"), lanes.get(1).attempts().stream().map(AttemptSummary::id).toList());
    assertEquals("w2", lanes.get(2).worker());
  }

  private static AttemptSummary attempt(String id, String worker, long start, long end) {
    return new AttemptSummary(id, "t", "map", "SUCCEEDED", worker, "", start + 1, end + 1, null, 1, "", null, null);
  }

  @Test
  void aStandbySaysSoAndLinksTheActiveMaster() {
    String page = MasterPages.cluster(new MasterPages.ClusterView("standby", "m2:50030", 1, "0.1", 10, 20, "m1:50030",
        null));
    assertTrue(page.contains("standby"), page);
    assertTrue(page.contains("href=\"http://m1:50030/\""), page);
  }
}
