package io.quern.mapreduce.runtime;

import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.io.WritableComparator;
import java.io.IOException;

/** The word-count combiner: sums the IntWritable values of each Text key. */
final class SummingCombiner implements CombineRunner {

  @Override
  public void combine(RawKeyValueIterator in, RecordSink out) throws IOException {
    GroupingIterator<Text, IntWritable> groups =
        new GroupingIterator<>(in, WritableComparator.get(Text.class), new Text(), new IntWritable());
    WritableSink sink = new WritableSink(out);
    IntWritable sum = new IntWritable();
    while (groups.nextKey()) {
      int total = 0;
      for (IntWritable v : groups.getValues()) {
        total += v.get();
      }
      sum.set(total);
      sink.write(groups.getCurrentKey(), sum);
    }
  }
}
