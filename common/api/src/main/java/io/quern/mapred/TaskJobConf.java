package io.quern.mapred;

import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.lib.output.FileOutputCommitter;

/**
 * The JobConf an old-API class sees inside a task: the job's configuration plus the facts
 * Hadoop puts there for it (which attempt, which partition, which input file, where to write
 * side files).
 */
public final class TaskJobConf {
  /** The attempt an old-API class runs in, as Hadoop's {@code mapred.task.id}. */
  public static final String TASK_ID = "mapred.task.id";
  static final String TASK_PARTITION = "mapred.task.partition";
  static final String TASK_IS_MAP = "mapred.task.is.map";
  static final String JOB_ID = "mapred.job.id";
  static final String WORK_OUTPUT_DIR = "mapred.work.output.dir";
  static final String INPUT_FILE = "map.input.file";
  static final String INPUT_START = "map.input.start";
  static final String INPUT_LENGTH = "map.input.length";

  private TaskJobConf() {}

  /** {@code committer} may be null (a map whose output goes to reduces, a combiner). */
  static JobConf of(TaskAttemptContext context, OutputCommitter committer) {
    JobConf job = new JobConf(context.getConfiguration());
    TaskAttemptID id = context.getTaskAttemptID();
    if (id != null) {
      job.set(TASK_ID, id.toString());
      job.setInt(TASK_PARTITION, id.getTaskID().getId());
      job.setBoolean(TASK_IS_MAP, id.isMap());
      job.set(JOB_ID, id.getJobID().toString());
    }
    if (committer instanceof FileOutputCommitter files && files.getWorkPath() != null) {
      job.set(WORK_OUTPUT_DIR, files.getWorkPath());
    }
    return job;
  }

  /** Names the map's input file in {@code job}, when it reads one. */
  static void describeSplit(JobConf job, InputSplit split) {
    if (split instanceof FileSplit file) {
      job.set(INPUT_FILE, file.getPath().toString());
      job.setLong(INPUT_START, file.getStart());
      job.setLong(INPUT_LENGTH, file.getLength());
    }
  }
}
