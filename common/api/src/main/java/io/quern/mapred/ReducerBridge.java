package io.quern.mapred;

import io.quern.util.ReflectionUtils;
import java.io.IOException;

/**
 * The new-API face of an old-API job's {@link Reducer}: makes and configures it, hands it each
 * key group, and closes it. {@link CombinerBridge} runs the job's combiner the same way.
 */
class ReducerBridge extends io.quern.mapreduce.Reducer<Object, Object, Object, Object> {
  /** The old-API class this bridge runs. */
  @SuppressWarnings("rawtypes")
  Class<? extends Reducer> reducerClass(JobConf job) {
    return job.getReducerClass();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void run(Context context) throws IOException, InterruptedException {
    JobConf job = TaskJobConf.of(context, context.getOutputCommitter());
    Reducer<Object, Object, Object, Object> reducer = ReflectionUtils.newInstance(reducerClass(job), job);
    Reporter reporter = new TaskReporter(context, null);
    OutputCollector<Object, Object> output = ContextCollector.of(context);
    boolean reduced = false;
    try {
      while (context.nextKey()) {
        reducer.reduce(context.getCurrentKey(), context.getValues().iterator(), output, reporter);
      }
      reduced = true;
    } finally {
      MapperBridge.closeAfter(reducer, reduced);
    }
  }
}
