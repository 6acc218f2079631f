package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import java.io.IOException;

/**
 * A job's end, run as a task in the job's child JVM (Hadoop 1's job-cleanup task): the job's
 * own output committer commits the output when every task succeeded, once the master grants
 * it to this attempt, and aborts it otherwise. The committer is user code, which is why this
 * never runs in the master.
 */
public final class JobCleanupTask {
  private JobCleanupTask() {}

  @SuppressWarnings("rawtypes")
  public static void run(TaskAttemptContextImpl ctx, JobState end, TaskHost host) throws IOException, InterruptedException {
    Configuration conf = ctx.getConfiguration();
    OutputFormat format = ReflectionUtil.newInstance(ctx.getOutputFormatClass(), conf);
    OutputCommitter committer = format.getOutputCommitter(ctx);
    if (end == JobState.SUCCEEDED) {
      ctx.setStatus("committing the job's output");
      if (!host.canCommit(ctx.getTaskAttemptID())) {
        throw new IOException("the master did not grant " + ctx.getTaskAttemptID()
            + " the job's commit (another attempt has it, or this master no longer leads)");
      }
      committer.commitJob(ctx);
    } else {
      ctx.setStatus("aborting the job's output");
      committer.abortJob(ctx, end);
    }
  }
}
