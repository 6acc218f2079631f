package io.quern.mapreduce.lib.aggregate;

import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.mapreduce.Reducer;
import java.io.IOException;

/** Folds every value of each aggregation id and writes the id (without its type) and the aggregator's report. */
public class ValueAggregatorReducer<K1 extends WritableComparable<?>, V1 extends Writable>
    extends Reducer<Text, Text, Text, Text> {

  @Override
  protected void reduce(Text key, Iterable<Text> values, Context context) throws IOException, InterruptedException {
    String[] typeAndId = ValueAggregatorJobBase.typeAndId(key.toString());
    ValueAggregator<?> aggregator = ValueAggregatorBaseDescriptor.generateValueAggregator(typeAndId[0],
        ValueAggregatorJobBase.maxNumItems(context.getConfiguration()));
    for (Text v : values) {
      aggregator.addNextValue(v);
    }
    context.write(new Text(typeAndId[1]), new Text(aggregator.getReport()));
  }
}
