package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.Job;
import io.quern.streaming.StreamJob;
import io.quern.util.GenericOptionsParser;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quern streaming} on a cluster: an in-JVM master, worker and DFS whose task children
 * are real JVMs running real Python programs. The programs are the shipped examples
 * ({@code examples/streaming}, {@code examples/sweep}), which reach the tasks through the DFS
 * ({@code -file}); the outputs are checked against counts and scores computed here in Java.
 */
@Timeout(120)
class StreamingIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static java.nio.file.Path dir;
  static MiniMrCluster cluster;
  static FileSystem fs;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniMrCluster.builder(dir).workers(1).slots(2, 1).onDfs().start();
    fs = cluster.fileSystem();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Runs {@code quern streaming ARGS} against the cluster, as the command line builds the job. */
  static Job run(String... args) throws Exception {
    Configuration conf = cluster.conf();
    String[] rest = new GenericOptionsParser(conf, args).getRemainingArgs();
    Job job = StreamJob.createJob(conf, rest);
    job.waitForCompletion(false);
    return job;
  }

  static String example(String path) {
    return java.nio.file.Path.of(path).toAbsolutePath().toString();
  }

  @Test
  void wordCountWithPythonMapperCombinerAndReducerEqualsAJavaCount() throws Exception {
    Random r = new Random(16);
    Map<String, Integer> expected = new TreeMap<>();
    for (int f = 0; f < 2; f++) {
      StringBuilder b = new StringBuilder();
      for (int line = 0; line < 3000; line++) {
        for (int w = r.nextInt(10); w > 0; w--) {
          String word = "w" + (int) Math.pow(r.nextInt(60), 2);
          expected.merge(word, 1, Integer::sum);
          b.append(word).append(w > 1 ? " " : "");
        }
        b.append('\n');
      }
      cluster.write("/user/wc/in/part" + f + ".txt", b.toString());
    }
    Job job = run("-D", "mapred.reduce.tasks=2", "-input", "/user/wc/in", "-output", "/user/wc/out",
        "-mapper", "python3 mapper.py", "-combiner", "python3 reducer.py", "-reducer", "python3 reducer.py",
        "-file", example("streaming/mapper.py"), "-file", example("streaming/reducer.py"));
    assertTrue(job.isSuccessful(), job.getFailureInfo());
    Map<String, Integer> got = new TreeMap<>();
    for (String line : cluster.output("/user/wc/out")) {
      String[] kv = line.split("\t");
      assertEquals(null, got.put(kv[0], Integer.parseInt(kv[1])), "word " + kv[0] + " twice in the output");
    }
    assertEquals(expected, got);
    assertEquals(2, fs.globStatus(new Path("/user/wc/out/part-r-*")).length);
  }

  @Test
  void anNLineSweepWritesOneScorePerCandidate() throws Exception {
    List<String> candidates = Files.readAllLines(java.nio.file.Path.of("sweep/params.txt"));
    assertTrue(candidates.size() >= 200, "the sweep has a few hundred candidates");
    try (InputStream in = Files.newInputStream(java.nio.file.Path.of("sweep/params.txt"));
        FSDataOutputStream out = fs.create(new Path("/user/sweep/params.txt"))) {
      in.transferTo(out);
    }
    int perTask = 25;
    Job job = run("-D", "mapreduce.input.lineinputformat.linespermap=" + perTask,
        "-input", "/user/sweep/params.txt", "-output", "/user/sweep/scores",
        "-inputformat", "NLineInputFormat", "-mapper", "python3 evaluate.py", "-file", example("sweep/evaluate.py"),
        "-reducer", "NONE");
    assertTrue(job.isSuccessful(), job.getFailureInfo());
    Map<String, String> expected = new TreeMap<>();
    for (String c : candidates) {
      String[] p = c.split(" ");
      expected.put(p[0], score(new BigDecimal(p[1]), Integer.parseInt(p[2])));
    }
    Map<String, String> got = new TreeMap<>();
    for (String line : cluster.output("/user/sweep/scores")) {
      String[] kv = line.split("\t");
      assertEquals(2, kv.length, "line '" + line + "'");
      assertEquals(null, got.put(kv[0], kv[1]), "candidate " + kv[0] + " scored twice");
    }
    assertEquals(expected, got);
    int tasks = (candidates.size() + perTask - 1) / perTask;
    assertEquals(tasks, fs.globStatus(new Path("/user/sweep/scores/part-m-*")).length);
    assertEquals(candidates.size(), job.getCounters().findCounter("Sweep", "candidates").getValue());
  }

  /** evaluate.py's formula, in exact arithmetic: 100 points minus the distance from lr 0.003, depth 6. */
  static String score(BigDecimal lr, int depth) {
    int lrE4 = lr.movePointRight(4).setScale(0, java.math.RoundingMode.HALF_EVEN).intValueExact();
    int points = Math.max(0, 100_000 - (lrE4 - 30) * (lrE4 - 30) - 40 * (depth - 6) * (depth - 6));
    return String.format("%d.%03d", points / 1000, points % 1000);
  }

  @Test
  void aMapperThatExitsNonZeroFailsTheJobWithItsStderr() throws Exception {
    cluster.write("/user/fail/in.txt", "one\ntwo\n");
    Job job = run("-D", "mapred.map.max.attempts=2", "-input", "/user/fail/in.txt", "-output", "/user/fail/out",
        "-mapper", "python3 -c \"import sys; sys.stdin.read(); print('no model for this input', file=sys.stderr); "
            + "sys.exit(1)\"",
        "-reducer", "NONE");
    assertFalse(job.isSuccessful());
    String why = job.getFailureInfo();
    assertTrue(why.contains("exited with status 1; its last stderr lines: no model for this input"), why);
    assertFalse(fs.exists(new Path("/user/fail/out/part-m-00000")));
  }
}
