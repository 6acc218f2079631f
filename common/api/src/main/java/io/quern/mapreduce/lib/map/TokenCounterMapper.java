package io.quern.mapreduce.lib.map;

import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Mapper;
import java.io.IOException;
import java.util.StringTokenizer;

/** Emits (token, 1) for each whitespace-separated token of the value. */
public class TokenCounterMapper extends Mapper<Object, Text, Text, IntWritable> {
  private static final IntWritable ONE = new IntWritable(1);
  /** Confined to the task's thread (reused for each token). */
  private final Text token = new Text();

  @Override
  protected void map(Object key, Text value, Context context) throws IOException, InterruptedException {
    StringTokenizer tokens = new StringTokenizer(value.toString());
    while (tokens.hasMoreTokens()) {
      token.set(tokens.nextToken());
      context.write(token, ONE);
    }
  }
}
