package io.quern.mapreduce.lib.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.IntWritable;
import io.quern.io.SequenceFile;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.lib.LocalJobs;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.SplitCodec;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joins two sources of Text keys, each two sorted SequenceFiles partitioned alike (names to
 * Text, amounts to IntWritable; some keys more than once), with local-runner jobs, and checks
 * the rows against a join of plain maps.
 */
class CompositeInputFormatLocalTest {
  private static final int PARTS = 2;
  @TempDir
  Path dir;
  private Path names;
  private Path amounts;
  private final Map<String, List<String>> nameOf = new TreeMap<>();
  private final Map<String, List<String>> amountOf = new TreeMap<>();

  @BeforeEach
  void writeSources() throws IOException {
    Random r = new Random(12);
    for (int i = 0; i < 300; i++) {
      String id = String.format("id%03d", i);
      int pick = r.nextInt(4); // 0: names only, 1: amounts only, 2 and 3: both
      if (pick != 1) {
        for (int n = 1 + (r.nextInt(5) == 0 ? 1 : 0); n > 0; n--) {
          nameOf.computeIfAbsent(id, k -> new ArrayList<>()).add("name" + r.nextInt(1000));
        }
      }
      if (pick != 0) {
        for (int n = 1 + r.nextInt(2); n > 0; n--) {
          amountOf.computeIfAbsent(id, k -> new ArrayList<>()).add(Integer.toString(r.nextInt(100)));
        }
      }
    }
    names = write("names", nameOf, false);
    amounts = write("amounts", amountOf, true);
  }

  /** File p of the source holds the keys whose hash falls in partition p, in key order. */
  private Path write(String name, Map<String, List<String>> rows, boolean ints) throws IOException {
    Path d = dir.resolve(name);
    Files.createDirectories(d);
    for (int p = 0; p < PARTS; p++) {
      try (OutputStream out = Files.newOutputStream(d.resolve(String.format("part-r-%05d", p)));
          SequenceFile.Writer w = new SequenceFile.Writer(out, Text.class, ints ? IntWritable.class : Text.class)) {
        for (Map.Entry<String, List<String>> e : rows.entrySet()) {
          if (partition(e.getKey()) == p) {
            for (String v : e.getValue()) {
              w.append(new Text(e.getKey()), ints ? new IntWritable(Integer.parseInt(v)) : new Text(v));
            }
          }
        }
      }
    }
    return d;
  }

  private static int partition(String key) {
    return (key.hashCode() & Integer.MAX_VALUE) % PARTS;
  }

  /** Every row the join gives, "key\t[name,amount]", as the plain maps say; sorted. */
  private List<String> expected(boolean outer) {
    List<String> out = new ArrayList<>();
    TreeMap<String, Boolean> keys = new TreeMap<>();
    nameOf.keySet().forEach(k -> keys.put(k, true));
    amountOf.keySet().forEach(k -> keys.put(k, true));
    for (String k : keys.keySet()) {
      List<String> ns = nameOf.get(k);
      List<String> as = amountOf.get(k);
      if (!outer && (ns == null || as == null)) {
        continue;
      }
      for (String n : ns == null ? List.of("") : ns) {
        for (String a : as == null ? List.of("") : as) {
          out.add(k + "\t[" + n + "," + a + "]");
        }
      }
    }
    out.sort(null);
    return out;
  }

  private List<String> runJoin(String op, int reduces) throws Exception {
    Path out = dir.resolve("out-" + op);
    Job job = LocalJobs.job(dir, "join-" + op);
    job.setInputFormatClass(CompositeInputFormat.class);
    job.getConfiguration().set(CompositeInputFormat.JOIN_EXPR, CompositeInputFormat.compose(op,
        SequenceFileInputFormat.class, LocalJobs.path(names), LocalJobs.path(amounts)));
    job.setMapperClass(Mapper.class);
    job.setReducerClass(Reducer.class);
    job.setNumReduceTasks(reduces);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(TupleWritable.class);
    FileOutputFormat.setOutputPath(job, LocalJobs.path(out));
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    List<String> rows = new ArrayList<>();
    for (String f : LocalJobs.files(out)) {
      if (f.startsWith("part-")) {
        LocalJobs.readSequenceFile(out.resolve(f), Text.class, TupleWritable.class, (k, t) -> {
          assertEquals(2, t.size());
          if (t.has(0)) {
            assertEquals(Text.class, t.get(0).getClass());
          }
          if (t.has(1)) {
            assertEquals(IntWritable.class, t.get(1).getClass());
          }
          rows.add(k + "\t" + t);
        });
      }
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void innerJoinThroughTheShuffleEqualsAJoinOfMaps() throws Exception {
    List<String> expected = expected(false);
    assertTrue(expected.size() > 100, "a join of " + expected.size() + " rows");
    assertEquals(expected, runJoin("inner", 1));
  }

  @Test
  void outerMapOnlyJoinEqualsAJoinOfMaps() throws Exception {
    assertEquals(expected(true), runJoin("outer", 0));
  }

  @Test
  void overrideGivesTheRightmostSourcesValuesAndSourcesMustPairUp() throws Exception {
    Job job = LocalJobs.job(dir, "override");
    job.getConfiguration().set(CompositeInputFormat.JOIN_EXPR, CompositeInputFormat.compose("override",
        SequenceFileInputFormat.class, LocalJobs.path(names), LocalJobs.path(amounts)));
    CompositeInputFormat<Text> format = new CompositeInputFormat<>();
    List<InputSplit> splits = format.getSplits(new JobContextImpl(job.getConfiguration(), null));
    assertEquals(PARTS, splits.size());
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      // Read the split as a task gets it: encoded on the client, rebuilt in the task.
      InputSplit s = SplitCodec.decode(SplitCodec.encode(i, splits.get(i)), job.getConfiguration());
      assertEquals(splits.get(i).toString(), s.toString());
      TaskAttemptContextImpl context = new TaskAttemptContextImpl(job.getConfiguration(), new TaskAttemptID());
      try (RecordReader<Text, TupleWritable> r = format.createRecordReader(s, context)) {
        r.initialize(s, context);
        while (r.nextKeyValue()) {
          Object v = r.getCurrentValue();
          rows.add(r.getCurrentKey() + "\t" + (Writable) v);
        }
      }
    }
    rows.sort(null);
    List<String> expected = new ArrayList<>();
    nameOf.forEach((k, ns) -> {
      for (String v : amountOf.getOrDefault(k, ns)) {
        expected.add(k + "\t" + v);
      }
    });
    amountOf.forEach((k, as) -> {
      if (!nameOf.containsKey(k)) {
        as.forEach(a -> expected.add(k + "\t" + a));
      }
    });
    expected.sort(null);
    assertEquals(expected, rows);

    Files.writeString(dir.resolve("amounts").resolve("part-r-00002"), "");
    IOException e = assertThrows(IOException.class,
        () -> format.getSplits(new JobContextImpl(job.getConfiguration(), null)));
    assertTrue(e.getMessage().startsWith("join sources must be partitioned alike"), e.getMessage());
  }
}
