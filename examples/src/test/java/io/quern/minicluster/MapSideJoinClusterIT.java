package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.fs.Path;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.join.CompositeInputFormat;
import io.quern.mapreduce.lib.join.TupleWritable;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.mapreduce.lib.output.TextOutputFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map-side join as Hadoop users run one: two text sources, each sorted by a job of its own
 * with the same number of reduces (so their part files are partitioned alike), then joined
 * by CompositeInputFormat in a map-only job. All on a DFS, with tasks in child JVMs that
 * rebuild the composite splits from what the client encoded.
 */
@Timeout(120)
class MapSideJoinClusterIT {
  private static final int PARTS = 3;

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  java.nio.file.Path dir;

  /** "key\tname,amount" for each row of the join; an absent side is empty. */
  public static class TupleToText extends Mapper<Text, TupleWritable, Text, Text> {
    @Override
    protected void map(Text key, TupleWritable value, Context context) throws IOException, InterruptedException {
      String name = value.has(0) ? value.get(0).toString() : "";
      String amount = value.has(1) ? value.get(1).toString() : "";
      context.write(key, new Text(name + "," + amount));
    }
  }

  @Test
  void innerAndOuterJoinsOfSourcesSortedOnTheClusterEqualAJoinOfMaps() throws Exception {
    Map<String, List<String>> nameOf = new TreeMap<>();
    Map<String, List<String>> amountOf = new TreeMap<>();
    Random r = new Random(7);
    StringBuilder names = new StringBuilder();
    StringBuilder amounts = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      String id = String.format("id%05d", r.nextInt(100_000));
      int pick = r.nextInt(4); // 0: names only, 1: amounts only, 2 and 3: both
      if (pick != 1 && !nameOf.containsKey(id)) {
        String name = "n" + r.nextInt(1000);
        nameOf.put(id, List.of(name));
        names.append(id).append('\t').append(name).append('\n');
      }
      if (pick != 0) {
        for (int n = 1 + r.nextInt(2); n > 0; n--) {
          String amount = Integer.toString(r.nextInt(100));
          amountOf.computeIfAbsent(id, k -> new ArrayList<>()).add(amount);
          amounts.append(id).append('\t').append(amount).append('\n');
        }
      }
    }

    try (MiniMrCluster c = MiniMrCluster.builder(dir).workers(2).slots(2, 2).onDfs().start()) {
      c.write("/in/names/names.txt", names.toString());
      c.write("/in/amounts/amounts.txt", amounts.toString());
      sortByKey(c, "/in/names", "/sorted/names");
      sortByKey(c, "/in/amounts", "/sorted/amounts");

      for (String op : List.of("inner", "outer")) {
        Job join = Job.getInstance(c.conf(), "join-" + op);
        join.setInputFormatClass(CompositeInputFormat.class);
        join.getConfiguration().set(CompositeInputFormat.JOIN_EXPR, CompositeInputFormat.compose(op,
            SequenceFileInputFormat.class, new Path("/sorted/names"), new Path("/sorted/amounts")));
        join.setMapperClass(TupleToText.class);
        join.setNumReduceTasks(0);
        join.setOutputFormatClass(TextOutputFormat.class);
        join.setOutputKeyClass(Text.class);
        join.setOutputValueClass(Text.class);
        FileOutputFormat.setOutputPath(join, new Path("/joined-" + op));
        assertTrue(join.waitForCompletion(false), join.getFailureInfo());

        List<String> got = new ArrayList<>(c.output("/joined-" + op));
        got.sort(null);
        List<String> expected = expected(nameOf, amountOf, op.equals("outer"));
        assertTrue(expected.size() > 500, op + " join of " + expected.size() + " rows");
        assertEquals(expected, got, op + " join");
        assertEquals(PARTS, c.fileSystem().listStatus(new Path("/joined-" + op), p -> p.getName().startsWith("part-")).length,
            "one map per pair of part files");
      }
    }
  }

  /** An identity job: the text source to PARTS sorted SequenceFiles, hash-partitioned by key. */
  private static void sortByKey(MiniMrCluster c, String in, String out) throws Exception {
    Job sort = Job.getInstance(c.conf(), "sort " + in);
    sort.setInputFormatClass(KeyValueTextInputFormat.class);
    sort.setMapperClass(Mapper.class);
    sort.setReducerClass(Reducer.class);
    sort.setNumReduceTasks(PARTS);
    sort.setOutputKeyClass(Text.class);
    sort.setOutputValueClass(Text.class);
    sort.setOutputFormatClass(SequenceFileOutputFormat.class);
    KeyValueTextInputFormat.addInputPath(sort, new Path(in));
    FileOutputFormat.setOutputPath(sort, new Path(out));
    assertTrue(sort.waitForCompletion(false), sort.getFailureInfo());
  }

  private static List<String> expected(Map<String, List<String>> nameOf, Map<String, List<String>> amountOf,
      boolean outer) {
    TreeMap<String, Boolean> keys = new TreeMap<>();
    nameOf.keySet().forEach(k -> keys.put(k, true));
    amountOf.keySet().forEach(k -> keys.put(k, true));
    List<String> rows = new ArrayList<>();
    for (String k : keys.keySet()) {
      List<String> ns = nameOf.get(k);
      List<String> as = amountOf.get(k);
      if (!outer && (ns == null || as == null)) {
        continue;
      }
      for (String n : ns == null ? List.of("") : ns) {
        for (String a : as == null ? List.of("") : as) {
          rows.add(k + "\t" + n + "," + a);
        }
      }
    }
    rows.sort(null);
    return rows;
  }
}
