package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.isolation.IsolationJobs;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobClient;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.TaskKind;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskState;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.security.TestSecurity;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job isolation on an in-JVM master and one worker with real child JVMs: a task holds only its
 * job's token, and with it cannot reach the cluster secret, another job's map outputs or
 * attempts, or the cluster's commands.
 */
@Timeout(240)
class JobIsolationIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static Path dir;
  static MiniMrCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    // One worker: the victim job's map output and the hostile task are on the same worker.
    cluster = MiniMrCluster.builder(dir).workers(1).slots(2, 2).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Path input(String name, String text) throws IOException {
    Path in = dir.resolve(name);
    Files.createDirectories(in);
    Files.writeString(in.resolve("a"), text);
    return in;
  }

  private static String output(Path out) throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        b.append(Files.readString(p));
      }
    }
    return b.toString();
  }

  @Test
  void aTaskSeesNoTraceOfTheClusterSecret() throws Exception {
    Path out = dir.resolve("secret-out");
    Job job = IsolationJobs.job(cluster.conf(), "secret", input("secret-in", "one line\n").toString(),
        out.toString());
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    String seen = output(out);
    assertTrue(seen.contains("worker-conf.xml:"), "the probe read the configuration file it was started with:\n" + seen);
    assertTrue(seen.contains("credentials JOB"), seen);
    assertTrue(seen.contains("secretfile REFUSED: this process is a task JVM"), seen);
    String secret = Base64.getEncoder().encodeToString(TestSecurity.secret());
    String secretPath = TestSecurity.secretFile().toString();
    assertFalse(seen.contains(secret), "the task saw the cluster secret");
    for (String line : seen.split("\n")) {
      assertFalse(line.contains(secretPath), "the task was shown where the secret is: " + line);
    }
  }

  private static Map<String, String> probes(String output) {
    Map<String, String> got = new TreeMap<>();
    for (String line : output.split("\n")) {
      String[] kv = line.split("\t");
      if (kv.length >= 2) {
        got.put(kv[0], kv[1]);
      }
    }
    return got;
  }

  @Test
  void aTaskOfOneJobCannotReachAnotherJobsOutputsOrAttemptsNorCommandTheCluster() throws Exception {
    Path gate = dir.resolve("gate");
    // The victim: a word count whose reducer holds the job (and its map output) open.
    Configuration victimConf = cluster.conf();
    victimConf.set(IsolationJobs.PREFIX + "gate", gate.toString());
    Job victim = Job.getInstance(victimConf, "victim");
    victim.setMapperClass(WordCount.TokenizerMapper.class);
    victim.setReducerClass(IsolationJobs.GateReducer.class);
    victim.setOutputKeyClass(Text.class);
    victim.setOutputValueClass(IntWritable.class);
    victim.setNumReduceTasks(1);
    FileInputFormat.addInputPath(victim, input("victim-in", "b a b c b a\n").toString());
    Path victimOut = dir.resolve("victim-out");
    FileOutputFormat.setOutputPath(victim, victimOut.toString());
    victim.submit();
    String victimId = victim.getJobID().toString();
    String[] attempts = new String[2];
    try (JobClient client = new JobClient(cluster.conf())) {
      Wait.until("the victim's map to finish and its reduce to run", Duration.ofSeconds(60), () -> {
        try {
          List<TaskReport> reports = client.getTaskReports(victimId);
          for (TaskReport r : reports) {
            if (r.kind() == TaskKind.MAP && r.state() == TaskState.SUCCEEDED) {
              attempts[0] = r.successfulAttempt();
            } else if (r.kind() == TaskKind.REDUCE && !r.attempts().isEmpty()) {
              attempts[1] = r.attempts().get(0).split(" ")[0]; // "ID STATE on WORKER"
            }
          }
          return attempts[0] != null && attempts[1] != null;
        } catch (IOException e) {
          return false;
        }
      });
    }

    // The hostile job: its map calls what it must not; its reduce then shuffles as usual.
    Configuration hostileConf = cluster.conf();
    hostileConf.set(IsolationJobs.PREFIX + "other.job", victimId);
    hostileConf.set(IsolationJobs.PREFIX + "other.map", attempts[0]);
    hostileConf.set(IsolationJobs.PREFIX + "other.reduce", attempts[1]);
    hostileConf.set(IsolationJobs.PREFIX + "master", cluster.leaderEndpoint().toString());
    Path hostileOut = dir.resolve("hostile-out");
    Job hostile = IsolationJobs.job(hostileConf, "hostile", input("hostile-in", "x\n").toString(),
        hostileOut.toString());
    hostile.setNumReduceTasks(1);
    boolean hostileDone = hostile.waitForCompletion(false);
    Files.createFile(gate);
    assertTrue(hostileDone, hostile.getFailureInfo());
    Map<String, String> outcomes = probes(output(hostileOut));
    System.out.println("hostile task's probes:\n" + String.join("\n", outcomes.entrySet().stream()
        .map(e -> e.getKey() + " -> " + e.getValue()).toList()));
    assertTrue(outcomes.get("credentials").contains("JOB " + "job=" + hostile.getJobID()), outcomes.toString());
    for (String probe : List.of("shuffle.otherJob", "shuffle.pathEscape", "umbilical.statusUpdate",
        "umbilical.canCommit", "umbilical.failed", "umbilical.done", "umbilical.mapOutputEvents",
        "umbilical.fetchFailed", "umbilical.nextTask", "worker.kill", "worker.jobFinished", "worker.readLog",
        "master.submission")) {
      assertTrue(outcomes.getOrDefault(probe, "missing").startsWith("REFUSED"), probe + ": " + outcomes.get(probe));
    }
    for (String probe : List.of("shuffle.otherJob", "umbilical.statusUpdate", "umbilical.failed",
        "umbilical.mapOutputEvents")) {
      assertTrue(outcomes.get(probe).contains("may not act for job " + victimId), probe + ": " + outcomes.get(probe));
    }

    // The victim never noticed: its attempts ran to the end and its output is right.
    assertTrue(victim.waitForCompletion(false), victim.getFailureInfo());
    Map<String, String> counts = new HashMap<>();
    for (String line : output(victimOut).split("\n")) {
      String[] kv = line.split("\t");
      counts.put(kv[0], kv[1]);
    }
    assertEquals(Map.of("a", "2", "b", "3", "c", "1"), counts);
    assertEquals(0, victim.getCounters().findCounter(JobCounter.NUM_FAILED_REDUCES).getValue());
    assertEquals(1, victim.getCounters().findCounter(JobCounter.TOTAL_LAUNCHED_REDUCES).getValue());
  }
}
