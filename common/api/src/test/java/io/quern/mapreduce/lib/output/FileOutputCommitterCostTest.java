package io.quern.mapreduce.lib.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commits of a one-reduce job cost in file system calls (NameNode calls on the DFS). */
class FileOutputCommitterCostTest {
  @TempDir
  Path dir;

  private final JobID job = JobID.forName("job_202612070000_0002");

  private Configuration conf(String version) {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.set("fs." + CountingFileSystem.SCHEME + ".impl", CountingFileSystem.class.getName());
    conf.setInt(MRJobConfig.NUM_REDUCES, 1);
    if (version != null) {
      conf.set(FileOutputCommitter.ALGORITHM_VERSION, version);
    }
    return conf;
  }

  /** The calls of the reduce's commit and of the job's commit: {task, job}. */
  private int[] commits(String name, String version) throws Exception {
    String out = CountingFileSystem.SCHEME + "://" + dir.resolve(name).toUri().getPath();
    Configuration conf = conf(version);
    TaskAttemptContextImpl reduce = new TaskAttemptContextImpl(conf,
        new TaskAttemptID(new TaskID(job, TaskType.REDUCE, 0), 0));
    FileOutputCommitter c = new FileOutputCommitter(out, reduce);
    Path file = Path.of(java.net.URI.create(c.getWorkPath()).getPath()).resolve("part-r-00000");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "a\t1\n");
    CountingFileSystem.reset();
    if (c.needsTaskCommit(reduce)) {
      c.commitTask(reduce);
    }
    TreeMap<String, Integer> task = CountingFileSystem.calls();
    int taskTotal = CountingFileSystem.total();
    TaskAttemptContextImpl cleanup = new TaskAttemptContextImpl(conf,
        new TaskAttemptID(new TaskID(job, TaskType.JOB_CLEANUP, 0), 0));
    CountingFileSystem.reset();
    new FileOutputCommitter(out, cleanup).commitJob(cleanup);
    int jobTotal = CountingFileSystem.total();
    System.out.println(name + ": task commit " + taskTotal + " calls " + task + "; job commit " + jobTotal
        + " calls " + CountingFileSystem.calls());
    assertEquals("a\t1\n", Files.readString(dir.resolve(name).resolve("part-r-00000")));
    assertTrue(Files.exists(dir.resolve(name).resolve(FileOutputCommitter.SUCCEEDED_FILE_NAME)));
    return new int[] {taskTotal, jobTotal};
  }

  /** Printed for the record; asserted only in that the one-task job's end costs fewer calls. */
  @Test
  void aOneReduceJobsCommitCostsFewerCallsAtTheJobsEnd() throws Exception {
    int[] v1 = commits("version-1", "1");
    int[] oneTask = commits("one-task", null);
    assertTrue(oneTask[1] < v1[1], "job commit: " + oneTask[1] + " calls against " + v1[1]);
  }
}
