package io.quern.mapred;

import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.lib.output.FileOutputCommitter;
import java.io.IOException;

/**
 * The new-API face of an old-API job's {@link OutputFormat}. Each task writes one file named
 * {@code part-NNNNN} (as Hadoop's old API names them) through the format's writer; output
 * under an output path is committed as the new API's is ({@link FileOutputCommitter}: the
 * task's work directory, {@code mapred.work.output.dir}, is published once per task and the
 * whole once per job); a format without an output path commits nothing. An old format that
 * is also a new-API one (as the old {@code lib.db.DBOutputFormat} is, over the new) runs as
 * that, writer and committer both, so that its own task commit applies.
 */
final class OutputFormatBridge extends io.quern.mapreduce.OutputFormat<Object, Object> {
  /**
   * With newApiFace: confined to the thread that asks for the committer and writer (one bridge per job
   * step or task).
   */
  private OutputCommitter committer;
  // The job's format as a new-API one, when it is one; null otherwise.
  private io.quern.mapreduce.OutputFormat<Object, Object> newApiFace;

  @Override
  @SuppressWarnings("unchecked")
  public io.quern.mapreduce.RecordWriter<Object, Object> getRecordWriter(TaskAttemptContext context)
      throws IOException, InterruptedException {
    OutputCommitter taskCommitter = getOutputCommitter(context);
    if (newApiFace != null) {
      return newApiFace.getRecordWriter(context);
    }
    JobConf job = TaskJobConf.of(context, taskCommitter);
    Reporter reporter = new TaskReporter(context, null);
    String name = String.format("part-%05d", context.getTaskAttemptID().getTaskID().getId());
    OutputFormat<Object, Object> format = job.getOutputFormat();
    RecordWriter<Object, Object> writer = format.getRecordWriter(fileSystem(job), job, name, reporter);
    return new io.quern.mapreduce.RecordWriter<>() {
      @Override
      public void write(Object key, Object value) throws IOException {
        writer.write(key, value);
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        writer.close(reporter);
      }
    };
  }

  @Override
  public void checkOutputSpecs(JobContext context) throws IOException {
    JobConf job = new JobConf(context.getConfiguration());
    job.getOutputFormat().checkOutputSpecs(fileSystem(job), job);
  }

  /** The "ignored" file system old-API formats are handed: the output path's, else the default one. */
  private static FileSystem fileSystem(JobConf job) throws IOException {
    Path out = FileOutputFormat.getOutputPath(job);
    return out != null ? out.getFileSystem(job) : FileSystem.get(job);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized OutputCommitter getOutputCommitter(TaskAttemptContext context)
      throws IOException, InterruptedException {
    if (committer == null && new JobConf(context.getConfiguration()).getOutputFormat()
        instanceof io.quern.mapreduce.OutputFormat<?, ?> face) {
      newApiFace = (io.quern.mapreduce.OutputFormat<Object, Object>) face;
      committer = newApiFace.getOutputCommitter(context);
    }
    if (committer == null) {
      Path out = FileOutputFormat.getOutputPath(new JobConf(context.getConfiguration()));
      committer = out != null ? new FileOutputCommitter(out.toString(), context) : new NoOutputCommitter();
    }
    return committer;
  }

  /** For formats that write nowhere the framework knows: nothing to set up or publish. */
  private static final class NoOutputCommitter extends OutputCommitter {
    @Override
    public void setupJob(JobContext jobContext) {}

    @Override
    public void setupTask(TaskAttemptContext taskContext) {}

    @Override
    public boolean needsTaskCommit(TaskAttemptContext taskContext) {
      return false;
    }

    @Override
    public void commitTask(TaskAttemptContext taskContext) {}

    @Override
    public void abortTask(TaskAttemptContext taskContext) {}
  }
}
