package io.quern.mapreduce.lib.chain;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.MapContext;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.TaskInputOutputContext;
import io.quern.mapreduce.task.ConfiguredTaskContext;
import java.io.IOException;

/**
 * The context of one mapper of a chain: records from the task (first stage) or from the
 * previous stage's link, output to the next link or the task, configuration of its own.
 */
final class ChainMapContext<KI, VI, KO, VO> extends ConfiguredTaskContext implements MapContext<KI, VI, KO, VO> {
  private final TaskInputOutputContext<KI, VI, ?, ?> task;
  private final InputSplit split;
  private final Chain.Pipeline.Link in;
  private final Chain.Sink out;

  /** @param in the link to read, or null to read the task's own records */
  ChainMapContext(Configuration conf, TaskInputOutputContext<KI, VI, ?, ?> task, InputSplit split,
      Chain.Pipeline.Link in, Chain.Sink out) {
    super(conf, task);
    this.task = task;
    this.split = split;
    this.in = in;
    this.out = out;
  }

  @Override
  public InputSplit getInputSplit() {
    if (split == null) {
      throw new UnsupportedOperationException("a mapper after a chain's reducer has no input split");
    }
    return split;
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    return in == null ? task.nextKeyValue() : in.next();
  }

  @Override
  @SuppressWarnings("unchecked")
  public KI getCurrentKey() throws IOException, InterruptedException {
    return in == null ? task.getCurrentKey() : (KI) in.key();
  }

  @Override
  @SuppressWarnings("unchecked")
  public VI getCurrentValue() throws IOException, InterruptedException {
    return in == null ? task.getCurrentValue() : (VI) in.value();
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
