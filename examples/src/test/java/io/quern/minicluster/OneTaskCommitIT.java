package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.examples.WordCount;
import io.quern.fs.Path;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.history.AttemptSummary;
import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputCommitter;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-reduce word count on a DFS of its own, under commit algorithm 1 and under the default
 * (its one reduce publishes at its task commit): both give the reference output. Prints, for the
 * record and not asserted, the median duration of the job-cleanup task and the NameNode client
 * calls of each job.
 */
@Timeout(240)
class OneTaskCommitIT {
  private static final int RUNS = 4;

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static java.nio.file.Path dir;

  @Test
  void aOneReduceWordCountGivesTheReferenceUnderBothAlgorithms() throws Exception {
    try (MiniMrCluster mr = MiniMrCluster.builder(dir).workers(1).slots(2, 1).onDfs().start()) {
      Map<String, Integer> reference = new TreeMap<>();
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        String w = "w" + (i * 7919 % 97);
        text.append(w).append(i % 10 == 9 ? "\n" : " ");
        reference.merge(w, 1, Integer::sum);
      }
      mr.write("/in/f0", text.toString());
      Map<String, List<Long>> cleanupMillis = new TreeMap<>();
      Map<String, List<Double>> namenodeCalls = new TreeMap<>();
      for (int run = 0; run < RUNS; run++) {
        for (String version : new String[] {"1", "default"}) {
          String out = "/out-" + version + "-" + run;
          double before = namenodeCalls(mr);
          Job job = Job.getInstance(mr.conf(), "commit-" + version);
          job.setMapperClass(WordCount.TokenizerMapper.class);
          job.setCombinerClass(WordCount.IntSumReducer.class);
          job.setReducerClass(WordCount.IntSumReducer.class);
          job.setOutputKeyClass(Text.class);
          job.setOutputValueClass(IntWritable.class);
          job.setNumReduceTasks(1);
          if (!version.equals("default")) {
            job.getConfiguration().set(FileOutputCommitter.ALGORITHM_VERSION, version);
          }
          FileInputFormat.addInputPath(job, "/in");
          FileOutputFormat.setOutputPath(job, out);
          assertTrue(job.waitForCompletion(false), job.getFailureInfo());
          namenodeCalls.computeIfAbsent(version, k -> new ArrayList<>()).add(namenodeCalls(mr) - before);
          Map<String, Integer> got = new TreeMap<>();
          for (String line : mr.output(out)) {
            String[] kv = line.split("\t");
            got.put(kv[0], Integer.parseInt(kv[1]));
          }
          assertEquals(reference, got, version);
          assertTrue(mr.fileSystem().exists(new Path(out + "/_SUCCESS")), version);
          assertFalse(mr.fileSystem().exists(new Path(out + "/" + FileOutputCommitter.TEMP_DIR_NAME)), version);
          cleanupMillis.computeIfAbsent(version, k -> new ArrayList<>()).add(cleanupMillis(mr, job.getStatus().jobId()));
        }
      }
      for (String version : cleanupMillis.keySet()) {
        System.out.printf("one-reduce word count, algorithm %s: job-cleanup task median %d ms %s; "
            + "NameNode client calls per job median %.0f %s%n", version, median(cleanupMillis.get(version)),
            cleanupMillis.get(version), median(namenodeCalls.get(version)), namenodeCalls.get(version));
      }
    }
  }

  private static <T extends Comparable<T>> T median(List<T> values) {
    List<T> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** The successful job-cleanup attempt's run time, as the master's job page reports it. */
  private static long cleanupMillis(MiniMrCluster mr, String jobId) throws Exception {
    JobDetail d = io.quern.http.JsonReader.read(get(mr.leader().httpEndpoint(),
        "/job?format=json&id=" + jobId), JobDetail.class);
    AttemptSummary a = d.tasks().stream().filter(t -> t.type().equals("cleanup"))
        .flatMap(t -> t.attempts().stream()).filter(x -> x.state().equals("SUCCEEDED")).findFirst().orElseThrow();
    return a.finishMillis() - a.startMillis();
  }

  /** Client calls the NameNode has served so far. */
  private static double namenodeCalls(MiniMrCluster mr) throws Exception {
    return io.quern.http.PrometheusText.parse(get(mr.dfs().namenodeHttp(), "/metrics")).samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith("quern_rpc_calls_total{")
            && e.getKey().contains("protocol=\"ClientNamenodeProtocol\""))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  private static String get(io.quern.net.HostPort at, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + at + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }
}
