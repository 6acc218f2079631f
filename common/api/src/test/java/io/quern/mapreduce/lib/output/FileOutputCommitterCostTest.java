package io.quern.mapreduce.lib.output;

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

  private Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.set("fs." + CountingFileSystem.SCHEME + ".impl", CountingFileSystem.class.getName());
    conf.setInt(MRJobConfig.NUM_REDUCES, 1);
    return conf;
  }

  @Test
  void oneReduceJobCommitCost() throws Exception {
    String out = CountingFileSystem.SCHEME + "://" + dir.resolve("out").toUri().getPath();
    Configuration conf = conf();
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
    System.out.println("one-reduce task commit: " + taskTotal + " calls " + task);
    System.out.println("one-reduce job commit: " + CountingFileSystem.total() + " calls " + CountingFileSystem.calls());
  }
}
