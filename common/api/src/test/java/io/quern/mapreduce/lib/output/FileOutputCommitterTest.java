package io.quern.mapreduce.lib.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
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
}
