package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.tools.JobCli;
import io.quern.streaming.StreamJob;
import io.quern.util.GenericOptionsParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep that tolerates a few bad candidates ({@code mapreduce.map.failures.maxpercent}), on a
 * master and two workers whose task children are real JVMs running the shipped Python evaluator:
 * 40 candidates, one per map, two of them malformed so that the evaluator exits non-zero on
 * every attempt. Under a 10% allowance the job succeeds, the one reducer (which counts what it
 * passes on) gets the 38 good results and does not wait for the two maps that have none, and the
 * job names the two failed tasks.
 */
@Timeout(120)
class SweepFailureToleranceIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static java.nio.file.Path dir;
  static MiniMrCluster cluster;
  static FileSystem fs;

  /** Passes every result on and counts them (Sweep,results), as a reducer summing a sweep would. */
  static final String COUNTING_REDUCER = String.join("\n",
      "import sys",
      "for line in sys.stdin:",
      "    sys.stdout.write(line)",
      "    print('reporter:counter:Sweep,results,1', file=sys.stderr)",
      "");

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniMrCluster.builder(dir).workers(2).slots(3, 1).onDfs().start();
    fs = cluster.fileSystem();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aSweepWithTwoBadCandidatesOutOfFortySucceedsWithTheOthersResults() throws Exception {
    List<String> candidates = Files.readAllLines(java.nio.file.Path.of("sweep/params.txt")).subList(0, 40);
    Set<Integer> bad = Set.of(6, 29);
    StringBuilder params = new StringBuilder();
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      String[] p = candidates.get(i).split(" ");
      if (bad.contains(i)) {
        params.append(p[0]).append(" not-a-rate ").append(p[2]).append('\n'); // evaluate.py exits 2
      } else {
        params.append(candidates.get(i)).append('\n');
        expected.put(p[0], StreamingIT.score(new BigDecimal(p[1]), Integer.parseInt(p[2])));
      }
    }
    try (FSDataOutputStream out = fs.create(new Path("/user/tol/params.txt"))) {
      out.write(params.toString().getBytes(StandardCharsets.UTF_8));
    }
    java.nio.file.Path reducer = dir.resolve("count.py");
    Files.writeString(reducer, COUNTING_REDUCER);

    Configuration conf = cluster.conf();
    String[] rest = new GenericOptionsParser(conf, new String[] {
        "-D", "mapreduce.input.lineinputformat.linespermap=1",
        "-D", "mapreduce.map.failures.maxpercent=10",
        "-D", "mapred.map.max.attempts=2",
        "-D", "mapred.reduce.tasks=1",
        "-input", "/user/tol/params.txt", "-output", "/user/tol/out",
        "-inputformat", "NLineInputFormat",
        "-mapper", "python3 evaluate.py", "-file", java.nio.file.Path.of("sweep/evaluate.py").toAbsolutePath().toString(),
        "-reducer", "python3 count.py", "-file", reducer.toString()}).getRemainingArgs();
    Job job = StreamJob.createJob(conf, rest);
    job.waitForCompletion(false);

    assertTrue(job.isSuccessful(), job.getFailureInfo());
    Map<String, String> got = new TreeMap<>();
    for (String line : cluster.output("/user/tol/out")) {
      String[] kv = line.split("\t");
      assertEquals(2, kv.length, "line '" + line + "'");
      assertEquals(null, got.put(kv[0], kv[1]), "candidate " + kv[0] + " twice");
    }
    assertEquals(expected, got, "exactly the 38 good candidates' scores");
    var counters = job.getCounters();
    assertEquals(38, counters.findCounter("Sweep", "results").getValue());
    assertEquals(2, counters.findCounter(JobCounter.TOLERATED_FAILED_MAPS).getValue());
    assertEquals(4, counters.findCounter(JobCounter.NUM_FAILED_MAPS).getValue(), "two attempts of each bad map");
    JobStatusReport status = job.getStatus();
    assertEquals(38, status.mapsCompleted());
    String jobId = job.getJobID().toString();
    String task = jobId.replace("job_", "task_");
    assertTrue(status.note() != null && status.note().contains("2 of 40 maps failed for good")
        && status.note().contains(task + "_m_000006") && status.note().contains(task + "_m_000029"),
        String.valueOf(status.note()));

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    assertEquals(0, new JobCli(cluster.conf(), new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(new String[] {"-status", jobId}));
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("State: SUCCEEDED") && text.contains("Note: 2 of 40 maps failed for good"), text);
    assertFalse(text.contains("Reason:"), text);
  }
}
