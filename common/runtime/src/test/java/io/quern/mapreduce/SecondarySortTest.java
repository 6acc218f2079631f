package io.quern.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.io.WritableComparator;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secondary sort: composite keys "group:value" sorted by the whole key, grouped by the
 * group alone, so each reduce call sees its values in sorted order.
 */
class SecondarySortTest {
  @TempDir
  Path dir;

  /** Emits "group:%08d" -> value for input lines "group value". */
  public static class CompositeKeyMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    private final Text key = new Text();
    private final IntWritable value = new IntWritable();

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
      String[] p = line.toString().split(" ");
      int v = Integer.parseInt(p[1]);
      key.set(p[0] + ":" + String.format("%08d", v));
      value.set(v);
      context.write(key, value);
    }
  }

  /** Groups composite keys by the part before ':' (compared on the serialized Text bytes). */
  public static class GroupComparator extends WritableComparator {
    public GroupComparator() {
      super(Text.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      // A Text is a vint length then UTF-8 bytes; the keys here are short, so one length byte.
      return compareBytes(b1, s1 + 1, groupLength(b1, s1 + 1, l1 - 1), b2, s2 + 1, groupLength(b2, s2 + 1, l2 - 1));
    }

    private static int groupLength(byte[] b, int s, int l) {
      for (int i = 0; i < l; i++) {
        if (b[s + i] == ':') {
          return i;
        }
      }
      return l;
    }
  }

  /** Writes "group first,second,..." and checks the key it sees tracks each value. */
  public static class ListReducer extends Reducer<Text, IntWritable, Text, Text> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      String group = key.toString().split(":")[0];
      StringBuilder b = new StringBuilder();
      for (IntWritable v : values) {
        if (!key.toString().endsWith(String.format("%08d", v.get()))) {
          throw new IllegalStateException("key " + key + " does not match value " + v);
        }
        b.append(b.length() == 0 ? "" : ",").append(v.get());
      }
      context.write(new Text(group), new Text(b.toString()));
    }
  }

  @Test
  void valuesReachTheReducerSortedWithinTheirGroup() throws Exception {
    Random r = new Random(11);
    Map<String, List<Integer>> reference = new TreeMap<>();
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      String g = "g" + r.nextInt(30);
      int v = r.nextInt(1_000_000);
      reference.computeIfAbsent(g, k -> new ArrayList<>()).add(v);
      input.append(g).append(' ').append(v).append('\n');
    }
    Path in = dir.resolve("in.txt");
    Files.writeString(in, input.toString());
    Configuration conf = new Configuration();
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.set("fs.defaultFS", "file:///");
    Job job = Job.getInstance(conf, "secondary sort");
    job.setMapperClass(CompositeKeyMapper.class);
    job.setReducerClass(ListReducer.class);
    job.setGroupingComparatorClass(GroupComparator.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(IntWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setNumReduceTasks(1);
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, dir.resolve("out").toString());
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());

    Map<String, String> want = new TreeMap<>();
    reference.forEach((g, vs) -> {
      List<Integer> sorted = new ArrayList<>(vs);
      sorted.sort(null);
      StringBuilder b = new StringBuilder();
      sorted.forEach(v -> b.append(b.length() == 0 ? "" : ",").append(v));
      want.put(g, b.toString());
    });
    Map<String, String> got = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("out/part-r-00000"))) {
      String[] kv = line.split("\t");
      got.put(kv[0], kv[1]);
    }
    assertEquals(want, got);
    assertEquals(30, job.getCounters().findCounter(TaskCounter.REDUCE_INPUT_GROUPS).getValue());
  }
}
