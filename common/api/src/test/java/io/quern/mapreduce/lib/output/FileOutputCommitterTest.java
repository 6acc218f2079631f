package io.quern.mapreduce.lib.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file commit on the local file system: what tasks commit, and only that, ends up in the output once. */
class FileOutputCommitterTest {
  @TempDir
  Path dir;

  private final JobID job = JobID.forName("job_202612070000_0001");

  private TaskAttemptContextImpl attempt(int task, int attempt) {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    return new TaskAttemptContextImpl(conf, new TaskAttemptID(new TaskID(job, TaskType.MAP, task), attempt));
  }

  private TreeMap<String, String> output(Path out) throws Exception {
    TreeMap<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(out)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(out.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }

  @Test
  void aJobOfManyTasksCommitsEveryCommittedFileOnceAndNothingElse() throws Exception {
    String out = dir.resolve("out").toUri().toString();
    TaskAttemptContextImpl setup = attempt(0, 0);
    new FileOutputCommitter(out, setup).setupJob(setup);
    TreeMap<String, String> expected = new TreeMap<>();
    List<FileOutputCommitter> losers = new ArrayList<>();
    for (int t = 0; t < 200; t++) {
      TaskAttemptContextImpl ctx = attempt(t, 0);
      FileOutputCommitter c = new FileOutputCommitter(out, ctx);
      String name = String.format("part-m-%05d", t);
      if (t % 10 != 7) { // every tenth task writes nothing, as a map whose program printed nothing
        Path file = Path.of(java.net.URI.create(c.getWorkPath())).resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "task " + t, StandardCharsets.UTF_8);
        expected.put(name, "task " + t);
      }
      if (c.needsTaskCommit(ctx)) {
        c.commitTask(ctx);
      } else {
        c.commitTask(ctx); // a committer called without asking first commits nothing, and does not fail
      }
      if (t % 50 == 0) {
        // A second attempt of the task also wrote, and is aborted: its file must not appear.
        TaskAttemptContextImpl other = attempt(t, 1);
        FileOutputCommitter o = new FileOutputCommitter(out, other);
        Path file = Path.of(java.net.URI.create(o.getWorkPath())).resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "loser " + t, StandardCharsets.UTF_8);
        losers.add(o);
        o.abortTask(other);
      }
    }
    FileOutputCommitter jobCommitter = new FileOutputCommitter(out, setup);
    jobCommitter.commitJob(setup);
    expected.put(FileOutputCommitter.SUCCEEDED_FILE_NAME, "");
    assertEquals(expected, output(dir.resolve("out")));
    assertFalse(Files.exists(dir.resolve("out").resolve(FileOutputCommitter.TEMP_DIR_NAME)));
    // A commit repeated (a new master took over before the job was forgotten) changes nothing.
    jobCommitter.commitJob(setup);
    assertEquals(expected, output(dir.resolve("out")));
    assertTrue(losers.size() == 4);
  }

  // ---- algorithms 1 and 2, and the one-task job ----

  private Configuration jobConf(int maps, int reduces, String version) {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.setInt(MRJobConfig.NUM_MAPS, maps);
    conf.setInt(MRJobConfig.NUM_REDUCES, reduces);
    if (version != null) {
      conf.set(FileOutputCommitter.ALGORITHM_VERSION, version);
    }
    return conf;
  }

  private TaskAttemptContextImpl ctx(Configuration conf, TaskType type, int task, int attempt) {
    return new TaskAttemptContextImpl(conf, new TaskAttemptID(new TaskID(job, type, task), attempt));
  }

  private String out() {
    return dir.resolve("out").toUri().toString();
  }

  /** Writes {@code text} to {@code name} (slashes make subdirectories) in the attempt's work directory. */
  private static FileOutputCommitter write(TaskAttemptContextImpl ctx, String out, Map<String, String> files)
      throws Exception {
    FileOutputCommitter c = new FileOutputCommitter(out, ctx);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = Path.of(java.net.URI.create(c.getWorkPath())).resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
    }
    return c;
  }

  /** The task's commit as MapTask.commit makes it, the master having granted it. */
  private static void commitTask(FileOutputCommitter c, TaskAttemptContextImpl ctx) throws Exception {
    if (c.needsTaskCommit(ctx)) {
      c.commitTask(ctx);
    }
  }

  private void commitJob(Configuration conf) throws Exception {
    TaskAttemptContextImpl cleanup = ctx(conf, TaskType.JOB_CLEANUP, 0, 0);
    new FileOutputCommitter(out(), cleanup).commitJob(cleanup);
  }

  /** The output's files outside _temporary. */
  private TreeMap<String, String> published() throws Exception {
    Path o = dir.resolve("out");
    TreeMap<String, String> files = new TreeMap<>();
    if (Files.exists(o)) {
      output(o).forEach((k, v) -> {
        if (!k.startsWith(FileOutputCommitter.TEMP_DIR_NAME)) {
          files.put(k, v);
        }
      });
    }
    return files;
  }

  private boolean tempLeft() {
    return Files.exists(dir.resolve("out").resolve(FileOutputCommitter.TEMP_DIR_NAME));
  }

  @Test
  void aOneReduceJobsTaskPublishesAtItsCommitAndTheJobCommitOnlyMarksSuccess() throws Exception {
    Configuration conf = jobConf(3, 1, null);
    TaskAttemptContextImpl reduce = ctx(conf, TaskType.REDUCE, 0, 0);
    commitTask(write(reduce, out(), Map.of("part-r-00000", "a\t1\n", "words/part-r-00000", "named\n")), reduce);
    TreeMap<String, String> expected = new TreeMap<>(Map.of("part-r-00000", "a\t1\n", "words/part-r-00000", "named\n"));
    assertEquals(expected, published(), "the one reduce's files, subdirectory included, are in the output at its commit");
    commitJob(conf);
    expected.put(FileOutputCommitter.SUCCEEDED_FILE_NAME, "");
    assertEquals(expected, published());
    assertFalse(tempLeft());
  }

  @Test
  void aOneReduceJobThatSetsVersionOneKeepsItsFilesHiddenUntilTheJobCommit() throws Exception {
    Configuration conf = jobConf(3, 1, "1");
    TaskAttemptContextImpl reduce = ctx(conf, TaskType.REDUCE, 0, 0);
    commitTask(write(reduce, out(), Map.of("part-r-00000", "a\t1\n")), reduce);
    assertEquals(Map.of(), published());
    commitJob(conf);
    assertEquals(Map.of("part-r-00000", "a\t1\n", "_SUCCESS", ""), published());
    assertFalse(tempLeft());
  }

  @Test
  void aMapsSideFilesInAOneReduceJobStillWaitForTheJobCommit() throws Exception {
    Configuration conf = jobConf(2, 1, null);
    TaskAttemptContextImpl map = ctx(conf, TaskType.MAP, 1, 0);
    commitTask(write(map, out(), Map.of("side/m-1", "side\n")), map);
    TaskAttemptContextImpl reduce = ctx(conf, TaskType.REDUCE, 0, 0);
    commitTask(write(reduce, out(), Map.of("part-r-00000", "r\n")), reduce);
    assertEquals(Map.of("part-r-00000", "r\n"), published(), "only the reduce, whose output is the job's, publishes at once");
    commitJob(conf);
    assertEquals(Map.of("part-r-00000", "r\n", "side/m-1", "side\n", "_SUCCESS", ""), published());
  }

  @Test
  void aMapOnlyJobOfOneMapPublishesItsPartMFileAtTheTaskCommitOfMoreMapsNot() throws Exception {
    Configuration one = jobConf(1, 0, null);
    TaskAttemptContextImpl map = ctx(one, TaskType.MAP, 0, 0);
    commitTask(write(map, out(), Map.of("part-m-00000", "m0\n")), map);
    assertEquals(Map.of("part-m-00000", "m0\n"), published());
    commitJob(one);
    assertEquals(Map.of("part-m-00000", "m0\n", "_SUCCESS", ""), published());

    Files.walk(dir.resolve("out")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    Configuration three = jobConf(3, 0, null);
    for (int t = 0; t < 3; t++) {
      TaskAttemptContextImpl m = ctx(three, TaskType.MAP, t, 0);
      commitTask(write(m, out(), Map.of("part-m-0000" + t, "m" + t + "\n")), m);
    }
    assertEquals(Map.of(), published(), "three maps commit as algorithm 1");
    commitJob(three);
    assertEquals(Map.of("part-m-00000", "m0\n", "part-m-00001", "m1\n", "part-m-00002", "m2\n", "_SUCCESS", ""),
        published());
  }

  @Test
  void versionTwoPublishesEachTasksFilesMergingNamedOutputDirectoriesAndOnlyTheGrantedAttempts() throws Exception {
    Configuration conf = jobConf(4, 0, "2");
    TreeMap<String, String> expected = new TreeMap<>();
    for (int t = 0; t < 4; t++) {
      TaskAttemptContextImpl winner = ctx(conf, TaskType.MAP, t, 0);
      String part = String.format("part-m-%05d", t);
      FileOutputCommitter c = t == 2
          ? write(winner, out(), Map.of()) // a map that wrote nothing
          : write(winner, out(), Map.of(part, "t" + t, "evens/" + part, "even " + t));
      // A speculative twin wrote too; the master granted the commit to the winner, the twin is aborted.
      TaskAttemptContextImpl twin = ctx(conf, TaskType.MAP, t, 1);
      FileOutputCommitter loser = write(twin, out(), Map.of(part, "twin " + t));
      commitTask(c, winner);
      loser.abortTask(twin);
      if (t != 2) {
        expected.put(part, "t" + t);
        expected.put("evens/" + part, "even " + t);
      }
      assertEquals(expected, published(), "after task " + t + "'s commit");
    }
    commitJob(conf);
    expected.put("_SUCCESS", "");
    assertEquals(expected, published());
    assertFalse(tempLeft());
  }

  @Test
  void aTaskCommittedAgainAfterAFailoverKeepsTheFilesAlreadyPublished() throws Exception {
    Configuration conf = jobConf(3, 1, null);
    TaskAttemptContextImpl first = ctx(conf, TaskType.REDUCE, 0, 0);
    commitTask(write(first, out(), Map.of("part-r-00000", "first", "x/part-r-00000", "first x")), first);
    // The master failed over before it recorded the task done: the new one runs the task again.
    TaskAttemptContextImpl again = ctx(conf, TaskType.REDUCE, 0, 1);
    FileOutputCommitter c = write(again, out(), Map.of("part-r-00000", "again", "x/part-r-00000", "again x"));
    commitTask(c, again);
    assertEquals(Map.of("part-r-00000", "first", "x/part-r-00000", "first x"), published());
    assertFalse(Files.exists(Path.of(java.net.URI.create(c.getWorkPath()))), "the retry's own files are deleted");
    commitJob(conf);
    assertEquals(Map.of("part-r-00000", "first", "x/part-r-00000", "first x", "_SUCCESS", ""), published());
  }

  @Test
  void aRetryFinishesACommitThatStoppedHalfWayAndPublishesNothingOfItsOwn() throws Exception {
    Configuration conf = jobConf(3, 1, null);
    TaskAttemptContextImpl first = ctx(conf, TaskType.REDUCE, 0, 0);
    commitTask(write(first, out(), Map.of("a", "first a", "d/b", "first b")), first);
    // As if the first attempt had died after moving "a" only: put "d/b" back where its commit holds it.
    Path held = dir.resolve("out").resolve(FileOutputCommitter.TEMP_DIR_NAME).resolve(first.getTaskAttemptID().getTaskID().toString());
    Files.createDirectories(held.resolve("d"));
    Files.move(dir.resolve("out").resolve("d").resolve("b"), held.resolve("d").resolve("b"));
    assertEquals(Map.of("a", "first a"), published());
    TaskAttemptContextImpl again = ctx(conf, TaskType.REDUCE, 0, 1);
    commitTask(write(again, out(), Map.of("a", "again a", "d/b", "again b", "c", "again c")), again);
    assertEquals(Map.of("a", "first a", "d/b", "first b"), published());
  }

  @Test
  void aJobAbortedAfterItsOneTaskCommittedKeepsThatTasksFilesWithoutSuccess() throws Exception {
    Configuration conf = jobConf(3, 1, null);
    TaskAttemptContextImpl reduce = ctx(conf, TaskType.REDUCE, 0, 0);
    commitTask(write(reduce, out(), Map.of("part-r-00000", "r")), reduce);
    TaskAttemptContextImpl cleanup = ctx(conf, TaskType.JOB_CLEANUP, 0, 0);
    new FileOutputCommitter(out(), cleanup).abortJob(cleanup, JobState.KILLED);
    assertEquals(Map.of("part-r-00000", "r"), published(), "algorithm 2's documented trade");
    assertFalse(tempLeft());
  }

  @Test
  void anEmptyTaskOutputCommitsNothingAndTheJobStillSucceeds() throws Exception {
    Configuration conf = jobConf(1, 0, null);
    TaskAttemptContextImpl map = ctx(conf, TaskType.MAP, 0, 0);
    FileOutputCommitter c = write(map, out(), Map.of());
    assertFalse(c.needsTaskCommit(map));
    c.commitTask(map); // called without asking: commits nothing, does not fail
    commitJob(conf);
    assertEquals(Map.of("_SUCCESS", ""), published());
  }

  @Test
  void twoTasksWritingOneFileNameFailTheSecondCommitUnderVersionTwo() throws Exception {
    Configuration conf = jobConf(2, 0, "2");
    TaskAttemptContextImpl a = ctx(conf, TaskType.MAP, 0, 0);
    commitTask(write(a, out(), Map.of("same", "a")), a);
    TaskAttemptContextImpl b = ctx(conf, TaskType.MAP, 1, 0);
    FileOutputCommitter c = write(b, out(), Map.of("same", "b"));
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> c.commitTask(b));
    assertTrue(e.getMessage().contains("same exists"), e.getMessage());
    assertEquals(Map.of("same", "a"), published());
  }

  @Test
  void successMarkerCanBeTurnedOffAndAVersionOtherThanOneOrTwoIsRefused() throws Exception {
    Configuration conf = jobConf(1, 1, null);
    conf.setBoolean(FileOutputCommitter.SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, false);
    TaskAttemptContextImpl reduce = ctx(conf, TaskType.REDUCE, 0, 0);
    commitTask(write(reduce, out(), Map.of("part-r-00000", "r")), reduce);
    commitJob(conf);
    assertEquals(Map.of("part-r-00000", "r"), published());
    Configuration bad = jobConf(1, 1, "3");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new FileOutputCommitter(out(), ctx(bad, TaskType.REDUCE, 0, 0)));
    assertTrue(e.getMessage().contains(FileOutputCommitter.ALGORITHM_VERSION) && e.getMessage().contains("1 or 2"),
        e.getMessage());
  }
}
