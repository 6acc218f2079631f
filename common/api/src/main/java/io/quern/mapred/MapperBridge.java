package io.quern.mapred;

import io.quern.util.ReflectionUtils;
import java.io.IOException;

/**
 * The new-API face of an old-API job's {@link Mapper}: makes and configures it, feeds it the
 * split's records, and closes it, as Hadoop's map runner does.
 */
final class MapperBridge extends io.quern.mapreduce.Mapper<Object, Object, Object, Object> {
  @Override
  @SuppressWarnings("unchecked")
  public void run(Context context) throws IOException, InterruptedException {
    InputSplit split = SplitBridge.unwrap(context.getInputSplit());
    JobConf job = TaskJobConf.of(context, context.getOutputCommitter());
    TaskJobConf.describeSplit(job, split);
    Mapper<Object, Object, Object, Object> mapper = ReflectionUtils.newInstance(job.getMapperClass(), job);
    Reporter reporter = new TaskReporter(context, split);
    OutputCollector<Object, Object> output = ContextCollector.of(context);
    boolean mapped = false;
    try {
      while (context.nextKeyValue()) {
        mapper.map(context.getCurrentKey(), context.getCurrentValue(), output, reporter);
      }
      mapped = true;
    } finally {
      closeAfter(mapper, mapped);
    }
  }

  /** Closes a mapper or reducer; a failure to close after a failed run does not hide the first failure. */
  static void closeAfter(java.io.Closeable c, boolean ranWell) throws IOException {
    if (ranWell) {
      c.close();
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // The run's own exception is on its way up; it says what went wrong first.
    }
  }
}
