package io.quern.mapreduce.task;

import io.quern.mapreduce.TaskAttemptID;
import java.io.IOException;

/** What a running task asks of whoever runs it (the local runner, or a worker via the master). */
public interface TaskHost {
  /** Whether this attempt may commit its output; exactly one attempt per task gets true. */
  boolean canCommit(TaskAttemptID attempt) throws IOException;

  /** Grants every commit: the local runner runs exactly one attempt per task. */
  TaskHost ALWAYS = attempt -> true;
}
