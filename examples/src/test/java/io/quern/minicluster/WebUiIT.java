package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileSystem;
import io.quern.http.PrometheusText;
import io.quern.webui.HeadlessChromium;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.net.HostPort;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status pages of a running cluster (a DFS, an active and a standby master, one worker with
 * real task JVMs), after a small word count: the pages and their JSON over HTTP, /metrics as the
 * Prometheus text format, and the master's job page, the timeline, the NameNode's page and fsck
 * and a worker's log page as headless Chromium renders them (no script error; screenshots under
 * examples/target/webui).
 */
@Timeout(180)
class WebUiIT {
  static final String MARKER = "printed-by-the-map";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  /** Counts words and prints a line per split to its stdout, for the log page. */
  public static class PrintingMapper extends WordCount.TokenizerMapper {
    @Override
    protected void setup(Context context) {
      System.out.println(MARKER + " <b>not bold</b>");
    }

    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      super.map(key, value, context);
    }
  }

  @Test
  void pagesJsonMetricsAndABrowser() throws Exception {
    try (MiniMrCluster cluster = MiniMrCluster.builder(dir).masters(2).workers(1).slots(2, 1).onDfs().start()) {
      run(cluster, cluster.dfs());
    }
  }

  private void run(MiniMrCluster cluster, MiniDfsCluster dfs) throws Exception {
    Configuration conf = cluster.conf();
    try (FileSystem fs = FileSystem.get(conf)) {
      fs.mkdirs(new io.quern.fs.Path("/in"));
      for (int f = 0; f < 3; f++) {
        try (FSDataOutputStream out = fs.create(new io.quern.fs.Path("/in/f" + f))) {
          out.write(("alpha beta gamma alpha " + f + "\n").repeat(20).getBytes(StandardCharsets.UTF_8));
        }
      }
      fs.mkdirs(new io.quern.fs.Path("/private"));
      fs.setPermission(new io.quern.fs.Path("/private"), new io.quern.fs.permission.FsPermission((short) 0700));
    }
    Job job = Job.getInstance(conf, "web <ui> job");
    job.setMapperClass(PrintingMapper.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(1);
    FileInputFormat.addInputPath(job, "/in");
    FileOutputFormat.setOutputPath(job, "/out");
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    String jobId = job.getStatus().jobId();

    HostPort master = cluster.leader().httpEndpoint();
    HostPort standby = cluster.masters().stream().filter(m -> !m.isLeader()).findFirst().orElseThrow().httpEndpoint();
    HostPort namenode = dfs.namenodeHttp();
    HostPort worker = cluster.worker(0).httpEndpoint();

    // The cluster page and its JSON.
    String home = get(master, "/");
    assertTrue(home.contains("href=\"/job?id=" + jobId + "\""), home);
    assertTrue(home.contains("web &lt;ui&gt; job"), home);
    String homeJson = get(master, "/?format=json");
    assertTrue(homeJson.contains("\"state\":\"active\""), homeJson);
    assertTrue(homeJson.contains("\"id\":\"" + jobId + "\""), homeJson);
    assertTrue(homeJson.contains("\"state\":\"SUCCEEDED\""), homeJson);

    // A standby says so and links the active master, found in ZooKeeper.
    String standbyPage = get(standby, "/");
    assertTrue(standbyPage.contains("standby"), standbyPage);
    assertTrue(standbyPage.contains("href=\"http://" + master + "/\""), standbyPage);

    // The job's attempts: three maps and a reduce succeeded on the one worker.
    String jobJson = get(master, "/job?id=" + jobId + "&format=json");
    Matcher m = Pattern.compile("\"id\":\"(attempt_[^\"]+_m_000000_\\d+)\",\"task\":\"[^\"]+\",\"type\":\"map\","
        + "\"state\":\"SUCCEEDED\",\"worker\":\"[^\"]+\",\"workerHttp\":\"" + Pattern.quote(worker.toString()) + "\"")
        .matcher(jobJson);
    assertTrue(m.find(), jobJson);
    String attempt = m.group(1);
    assertEquals(4, Pattern.compile("\"type\":\"(map|reduce)\",\"state\":\"SUCCEEDED\",\"worker\"").matcher(jobJson).results()
        .count(), jobJson);

    // The worker's log page: the tail, the whole log; a malformed id refused in one sentence.
    assertTrue(get(worker, "/logs?attempt=" + attempt + "&kind=stdout").contains(MARKER + " &lt;b&gt;not bold"));
    assertTrue(get(worker, "/logs?attempt=" + attempt + "&kind=stdout&all=1&format=json").contains(MARKER));
    HttpResponse<String> bad = send(worker, "/logs?attempt=..%2F..%2Fetc%2Fpasswd&kind=stdout");
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals(400, send(worker, "/logs?attempt=" + attempt + "&kind=..%2Fx").statusCode());

    // The NameNode: health and the browser.
    String health = get(namenode, "/?format=json");
    assertTrue(health.contains("\"safeMode\":false"), health);
    assertTrue(get(namenode, "/browse?path=/in").contains(">f2<"));
    assertTrue(health.contains("\"editLog\":{\"segment\":"), health);
    assertTrue(health.contains("\"datanodeCounts\":{\"live\":1,\"decommissioning\":0,"), health);

    // The NameNode's fsck: what was written, as the web user; a private directory refused, bad paths in a sentence.
    String fsck = get(namenode, "/fsck?path=/in&format=json");
    assertTrue(fsck.contains("\"status\":\"HEALTHY\",\"totalSize\":" + 3 * 20 * "alpha beta gamma alpha 0\n".length()
        + ",\"dirs\":1,\"files\":3,\"blocks\":3,"), fsck);
    HttpResponse<String> privateDir = send(namenode, "/fsck?path=/private");
    assertEquals(403, privateDir.statusCode(), privateDir.body());
    assertEquals("/private is not readable by every user, so it is not shown here\n", privateDir.body());
    assertEquals(404, send(namenode, "/fsck?path=/nowhere").statusCode());
    assertEquals(400, send(namenode, "/fsck?path=in").statusCode());
    assertTrue(get(namenode, "/").contains("href=\"/fsck?path=%2F\""));

    // /metrics of every daemon, as Prometheus reads it.
    PrometheusText mm = PrometheusText.parse(get(master, "/metrics"));
    assertEquals(1.0, mm.value("quern_master_active"));
    assertEquals(1.0, mm.value("quern_master_jobs", "state=\"succeeded\""));
    assertEquals(2.0, mm.value("quern_master_slots", "type=\"map\""));
    assertTrue(mm.value("quern_rpc_calls_total", "method=\"submit\"", "outcome=\"ok\"") >= 1);
    assertTrue(mm.value("jvm_memory_used_bytes", "area=\"heap\"") > 0);
    assertEquals(0.0, PrometheusText.parse(get(standby, "/metrics")).value("quern_master_active"));
    PrometheusText nm = PrometheusText.parse(get(namenode, "/metrics"));
    assertTrue(nm.value("quern_dfs_blocks") >= 3);
    assertEquals(1.0, nm.value("quern_dfs_datanodes", "state=\"live\""));
    assertEquals(0.0, nm.value("quern_dfs_missing_blocks"));
    assertTrue(nm.value("quern_dfs_edit_log_syncs_total") >= 1, "the input's files were logged and synced");
    assertTrue(nm.value("quern_dfs_edit_log_sync_seconds_total") > 0);
    PrometheusText wm = PrometheusText.parse(get(worker, "/metrics"));
    assertEquals(2.0, wm.value("quern_worker_slots", "type=\"map\""));
    for (PrometheusText daemon : List.of(mm, nm, wm)) {
      assertEquals(1.0, daemon.value("quern_zookeeper_connected"));
    }
    assertTrue(mm.value("quern_master_loop_queue_length") >= 0);

    new HeadlessChromium(dir).browse(List.of(
        new HeadlessChromium.Visit("job", "http://" + master + "/job?id=" + jobId, List.of(jobId, attempt, "SUCCEEDED", "Counters")),
        new HeadlessChromium.Visit("timeline", "http://" + master + "/timeline?id=" + jobId, List.of("<svg", "class=\"map\"",
            "class=\"reduce\"")),
        new HeadlessChromium.Visit("namenode", "http://" + namenode + "/", List.of("Live DataNodes", "Safe mode is off",
            "Decommissioning DataNodes", "NameNode storage", "Last transaction")),
        new HeadlessChromium.Visit("namenode-fsck", "http://" + namenode + "/fsck?path=/in&files=1&blocks=1&locations=1",
            List.of("HEALTHY", "/in/f2 ", "Total files:\t3", "The filesystem under path '/in' is HEALTHY")),
        new HeadlessChromium.Visit("worker-log", "http://" + worker + "/logs?attempt=" + attempt + "&kind=stdout",
            List.of(MARKER + " &lt;b&gt;not bold&lt;/b&gt;"))));
  }

  private static HttpResponse<String> send(HostPort at, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + at + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String get(HostPort at, String path) throws Exception {
    HttpResponse<String> r = send(at, path);
    assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
    return r.body();
  }
}
