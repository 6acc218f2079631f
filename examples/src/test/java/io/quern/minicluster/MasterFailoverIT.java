package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.testutil.Wait;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job rides through the failover of its master: the next leader takes over the maps the
 * first one saw finish and runs only the rest, with their counters and times; and the next
 * leader's pages show a job the first one ran, from its history file.
 */
@Timeout(180)
class MasterFailoverIT {
  @TempDir
  Path dir;

  @Test
  void aJobSurvivesTheLossOfItsMaster() throws Exception {
    try (MiniMrCluster cluster = MiniMrCluster.builder(dir).masters(2).workers(2).slots(2, 1).start()) {
      Path in = dir.resolve("in");
      Files.createDirectories(in);
      Map<String, Integer> reference = new HashMap<>();
      // Eight maps on four slots: two waves, so that the master dies with maps done and maps to do.
      for (int f = 0; f < 8; f++) {
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < 150; l++) {
          String w = "w" + (l * 7 + f) % 50;
          reference.merge(w, 1, Integer::sum);
          b.append(w).append('\n');
        }
        Files.writeString(in.resolve("f" + f), b.toString());
      }
      Configuration conf = cluster.conf();
      // A job the first master runs to its end, and forgets with its death.
      Job before = Job.getInstance(conf, "before");
      before.setMapperClass(WordCount.TokenizerMapper.class);
      before.setReducerClass(WordCount.IntSumReducer.class);
      before.setOutputKeyClass(Text.class);
      before.setOutputValueClass(IntWritable.class);
      FileInputFormat.addInputPath(before, in.resolve("f0").toString());
      FileOutputFormat.setOutputPath(before, dir.resolve("out-before").toString());
      assertTrue(before.waitForCompletion(false), before.getFailureInfo());
      String beforeId = before.getStatus().jobId();
      Wait.until("the first job's history file", Duration.ofMillis(20_000),
          () -> Files.exists(dir.resolve("history").resolve(beforeId + ".json")));

      Job job = Job.getInstance(conf, "failover");
      job.setMapperClass(MiniMrClusterIT.SlowMapper.class);
      job.setReducerClass(WordCount.IntSumReducer.class);
      job.setOutputKeyClass(Text.class);
      job.setOutputValueClass(IntWritable.class);
      job.setNumReduceTasks(1);
      FileInputFormat.addInputPath(job, in.toString());
      Path out = dir.resolve("out");
      FileOutputFormat.setOutputPath(job, out.toString());
      job.submit();
      String jobId = job.getStatus().jobId();
      // The client follows the job from before the failover: its wait on the old master is
      // cut, and goes on at the new one.
      java.util.concurrent.CompletableFuture<Boolean> followed = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return job.waitForCompletion(false);
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      try (ZkCluster zk = ZkCluster.connectForReading(conf)) {
        Wait.until("the first map to be recorded as finished", Duration.ofMillis(60_000), () -> {
          try {
            return !zk.curator().getChildren().forPath(zk.layout().job(jobId)).isEmpty();
          } catch (Exception e) {
            return false;
          }
        });
      }
      long failover = System.currentTimeMillis();
      cluster.stopLeader();
      assertTrue(followed.get(120, java.util.concurrent.TimeUnit.SECONDS), job.getFailureInfo());
      Counters counters = job.getCounters();
      assertEquals(8 * 150, counters.findCounter(io.quern.mapreduce.TaskCounter.MAP_INPUT_RECORDS).getValue(),
          "the maps taken over count their records too");
      long recovered = counters.findCounter(JobCounter.RECOVERED_MAPS).getValue();
      assertTrue(recovered >= 1 && recovered < 8, "maps taken over from the first master: " + recovered);
      assertEquals(8 - recovered, counters.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue()
          - counters.findCounter(JobCounter.NUM_KILLED_MAPS).getValue()
          - counters.findCounter(JobCounter.NUM_FAILED_MAPS).getValue(),
          "the new master ran only the maps not taken over");
      Map<String, Integer> got = new HashMap<>();
      for (String line : Files.readAllLines(out.resolve("part-r-00000"))) {
        String[] kv = line.split("\t");
        got.put(kv[0], Integer.parseInt(kv[1]));
      }
      assertEquals(reference, got);

      // The new leader's pages: the job that crossed the failover, attempts of both masters with their times.
      io.quern.net.HostPort http = cluster.leader().httpEndpoint();
      String detail = get(http, "/job?format=json&id=" + jobId);
      io.quern.mapreduce.history.JobDetail d = io.quern.http.JsonReader.read(detail,
          io.quern.mapreduce.history.JobDetail.class);
      List<io.quern.mapreduce.history.AttemptSummary> done = d.tasks().stream()
          .filter(t -> t.type().equals("map")).map(t -> t.attempts().stream()
              .filter(a -> a.state().equals("SUCCEEDED")).findFirst().orElseThrow()).toList();
      assertEquals(8, done.size());
      assertEquals(recovered, done.stream().filter(a -> a.finishMillis() < failover).count(),
          "the maps taken over kept the times they ran at under the first master: " + done);
      assertTrue(done.stream().allMatch(a -> a.startMillis() > 0 && a.finishMillis() >= a.startMillis()
          && a.counters().get("io.quern.mapreduce.TaskCounter").get("MAP_INPUT_RECORDS") == 150L), detail);
      // The job the first master ran, and this one never knew: its page and timeline from the history.
      String page = get(http, "/job?id=" + beforeId);
      assertTrue(page.contains(beforeId) && page.contains("SUCCEEDED"), page);
      String timeline = get(http, "/timeline?id=" + beforeId);
      assertEquals(1, Pattern.compile("<rect class=\"map\"").matcher(timeline).results().count(), timeline);
      assertEquals(1, Pattern.compile("<rect class=\"reduce\"").matcher(timeline).results().count(), timeline);
    }
  }

  private static String get(io.quern.net.HostPort at, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + at + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }
}
