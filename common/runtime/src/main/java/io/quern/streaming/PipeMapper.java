package io.quern.streaming;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import io.quern.mapreduce.Mapper;
import java.io.IOException;

/**
 * A map task run by an external program ({@value StreamKeys#MAP_COMMAND}): each input record
 * goes to its stdin as {@code key SEP value} (the value alone for TextInputFormat, see
 * {@link StreamKeys#ignoreMapInputKey}), each line of its stdout comes back as a map output
 * record split by {@value StreamKeys#MAP_OUTPUT_SEPARATOR} and
 * {@value StreamKeys#MAP_OUTPUT_KEY_FIELDS}.
 */
public class PipeMapper extends Mapper<Object, Object, Text, Text> {
  @Override
  public void run(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    String command = conf.getTrimmed(StreamKeys.MAP_COMMAND);
    if (command == null) {
      throw new IOException("no mapper command: " + StreamKeys.MAP_COMMAND + " is not set");
    }
    boolean ignoreKey;
    try {
      ignoreKey = StreamKeys.ignoreMapInputKey(conf, context.getInputFormatClass());
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot load the job's input format: " + e.getMessage(), e);
    }
    FieldSplitter splitter = new FieldSplitter(StreamKeys.separator(conf, StreamKeys.MAP_OUTPUT_SEPARATOR),
        StreamKeys.keyFields(conf, StreamKeys.MAP_OUTPUT_KEY_FIELDS));
    Text key = new Text();
    Text value = new Text();
    try (StreamProcess program = StreamProcess.start("mapper", command, context, context.getInputSplit(),
        StreamKeys.separator(conf, StreamKeys.MAP_INPUT_SEPARATOR), (bytes, length) -> {
          splitter.split(bytes, length, key, value);
          context.write(key, value);
        })) {
      while (program.inputCall(context::nextKeyValue)) {
        program.send(ignoreKey ? null : context.getCurrentKey(), context.getCurrentValue());
      }
      program.finish();
    }
  }
}
