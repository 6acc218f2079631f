package io.quern.mapred.lib;

import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapred.MapReduceBase;
import io.quern.mapred.Mapper;
import io.quern.mapred.OutputCollector;
import io.quern.mapred.Reporter;
import java.io.IOException;
import java.util.StringTokenizer;

/** Emits (token, 1) for each whitespace-separated token of the value. */
public class TokenCountMapper<K> extends MapReduceBase implements Mapper<K, Text, Text, LongWritable> {
  private static final LongWritable ONE = new LongWritable(1);
  /** Confined to the task's thread (reused for each token). */
  private final Text token = new Text();

  @Override
  public void map(K key, Text value, OutputCollector<Text, LongWritable> output, Reporter reporter)
      throws IOException {
    StringTokenizer tokens = new StringTokenizer(value.toString());
    while (tokens.hasMoreTokens()) {
      token.set(tokens.nextToken());
      output.collect(token, ONE);
    }
  }
}
