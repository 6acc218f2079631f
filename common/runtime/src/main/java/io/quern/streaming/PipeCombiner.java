package io.quern.streaming;

import io.quern.conf.Configuration;

/**
 * A combiner run by an external program ({@value StreamKeys#COMBINE_COMMAND}), fed like a
 * reducer; what it writes is map output again, so its lines split as the mapper's do. Each
 * combine (a spill's partition) runs the program once, as in Hadoop Streaming.
 */
public class PipeCombiner extends PipeReducer {
  @Override
  protected String role() {
    return "combiner";
  }

  @Override
  protected String commandKey() {
    return StreamKeys.COMBINE_COMMAND;
  }

  @Override
  protected FieldSplitter outputSplitter(Configuration conf) {
    return new FieldSplitter(StreamKeys.separator(conf, StreamKeys.MAP_OUTPUT_SEPARATOR),
        StreamKeys.keyFields(conf, StreamKeys.MAP_OUTPUT_KEY_FIELDS));
  }
}
