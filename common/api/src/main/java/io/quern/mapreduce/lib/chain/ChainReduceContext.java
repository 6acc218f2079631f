package io.quern.mapreduce.lib.chain;

import io.quern.conf.Configuration;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.ReduceContext;
import io.quern.mapreduce.task.ConfiguredTaskContext;
import java.io.IOException;

/** The context of a chain's reducer: the task's key groups, output to the first post-reduce mapper or the task. */
final class ChainReduceContext<KI, VI, KO, VO> extends ConfiguredTaskContext implements ReduceContext<KI, VI, KO, VO> {
  private final ReduceContext<KI, VI, ?, ?> task;
  private final Chain.Sink out;

  ChainReduceContext(Configuration conf, ReduceContext<KI, VI, ?, ?> task, Chain.Sink out) {
    super(conf, task);
    this.task = task;
    this.out = out;
  }

  @Override
  public boolean nextKey() throws IOException, InterruptedException {
    return task.nextKey();
  }

  @Override
  public Iterable<VI> getValues() throws IOException, InterruptedException {
    return task.getValues();
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    return task.nextKeyValue();
  }

  @Override
  public KI getCurrentKey() throws IOException, InterruptedException {
    return task.getCurrentKey();
  }

  @Override
  public VI getCurrentValue() throws IOException, InterruptedException {
    return task.getCurrentValue();
  }

  @Override
  public void write(KO key, VO value) throws IOException, InterruptedException {
    out.write(key, value);
  }

  @Override
  public OutputCommitter getOutputCommitter() {
    return task.getOutputCommitter();
  }
}
