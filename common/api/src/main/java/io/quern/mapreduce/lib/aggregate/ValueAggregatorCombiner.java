package io.quern.mapreduce.lib.aggregate;

import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.mapreduce.Reducer;
import java.io.IOException;

/** Folds one map's values of each aggregation id and emits the aggregator's combiner output under the same key. */
public class ValueAggregatorCombiner<K1 extends WritableComparable<?>, V1 extends Writable>
    extends Reducer<Text, Text, Text, Text> {

  @Override
  protected void reduce(Text key, Iterable<Text> values, Context context) throws IOException, InterruptedException {
    String type = ValueAggregatorJobBase.typeAndId(key.toString())[0];
    ValueAggregator<?> aggregator = ValueAggregatorBaseDescriptor.generateValueAggregator(type,
        ValueAggregatorJobBase.maxNumItems(context.getConfiguration()));
    for (Text v : values) {
      aggregator.addNextValue(v);
    }
    for (Object out : aggregator.getCombinerOutput()) {
      context.write(key, out instanceof Text t ? t : new Text(out.toString()));
    }
  }
}
