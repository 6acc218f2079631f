package io.quern.streaming;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import io.quern.mapreduce.Reducer;
import java.io.IOException;
import java.util.Iterator;

/**
 * A reduce task run by an external program ({@value StreamKeys#REDUCE_COMMAND}): one program
 * for the whole task gets every record on its stdin as {@code key SEP value}, sorted by key so
 * that a key's values come together (the program sees where a key changes), and each line of
 * its stdout is an output record split by {@value StreamKeys#REDUCE_OUTPUT_SEPARATOR} and
 * {@value StreamKeys#REDUCE_OUTPUT_KEY_FIELDS}.
 */
public class PipeReducer extends Reducer<Object, Object, Text, Text> {
  protected String role() {
    return "reducer";
  }

  protected String commandKey() {
    return StreamKeys.REDUCE_COMMAND;
  }

  protected FieldSplitter outputSplitter(Configuration conf) {
    return new FieldSplitter(StreamKeys.separator(conf, StreamKeys.REDUCE_OUTPUT_SEPARATOR),
        StreamKeys.keyFields(conf, StreamKeys.REDUCE_OUTPUT_KEY_FIELDS));
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    String command = conf.getTrimmed(commandKey());
    if (command == null) {
      throw new IOException("no " + role() + " command: " + commandKey() + " is not set");
    }
    FieldSplitter splitter = outputSplitter(conf);
    Text key = new Text();
    Text value = new Text();
    try (StreamProcess program = StreamProcess.start(role(), command, context, null,
        StreamKeys.separator(conf, StreamKeys.REDUCE_INPUT_SEPARATOR), (bytes, length) -> {
          splitter.split(bytes, length, key, value);
          context.write(key, value);
        })) {
      while (program.inputCall(context::nextKey)) {
        Object k = context.getCurrentKey();
        Iterator<Object> values = context.getValues().iterator();
        Object v;
        while ((v = program.inputCall(() -> values.hasNext() ? values.next() : null)) != null) {
          program.send(k, v);
        }
      }
      program.finish();
    }
  }
}
