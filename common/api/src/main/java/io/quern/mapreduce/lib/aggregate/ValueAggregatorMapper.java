package io.quern.mapreduce.lib.aggregate;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.input.FileSplit;
import java.io.IOException;
import java.util.List;
import java.util.Map.Entry;

/** Emits, for each record, the pairs every configured descriptor makes of it. */
public class ValueAggregatorMapper<K1 extends WritableComparable<?>, V1 extends Writable>
    extends Mapper<K1, V1, Text, Text> {
  /** Written once, by setup on the task's thread. */
  private List<ValueAggregatorDescriptor> descriptors;

  /** Makes the descriptors; a map reading a file tells them the file ({@code map.input.file}). */
  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    if (context.getInputSplit() instanceof FileSplit split) {
      conf = new Configuration(conf);
      conf.set(ValueAggregatorBaseDescriptor.INPUT_FILE, split.getPath().toString());
    }
    descriptors = ValueAggregatorJobBase.getAggregatorDescriptors(conf);
  }

  @Override
  protected void map(K1 key, V1 value, Context context) throws IOException, InterruptedException {
    for (ValueAggregatorDescriptor d : descriptors) {
      for (Entry<Text, Text> e : d.generateKeyValPairs(key, value)) {
        if (e != null) {
          context.write(e.getKey(), e.getValue());
        }
      }
    }
  }
}
