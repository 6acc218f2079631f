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
 * whole once per job); a format without an output path commits nothing.
 */
final class OutputFormatBridge extends io.quern.mapreduce.OutputFormat<Object, Object> {
  private OutputCommitter committer;

  @Override
  @SuppressWarnings("unchecked")
  public io.quern.mapreduce.RecordWriter<Object, Object> getRecordWriter(TaskAttemptContext context)
      throws IOException {
    JobConf job = TaskJobConf.of(context, getOutputCommitter(context));
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
  public synchronized OutputCommitter getOutputCommitter(TaskAttemptContext context) {
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
