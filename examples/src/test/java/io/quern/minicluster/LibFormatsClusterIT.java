package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.IntWritable;
import io.quern.io.LocalSeekableInput;
import io.quern.io.SequenceFile;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileSplit;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.input.MultipleInputs;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.LazyOutputFormat;
import io.quern.mapreduce.lib.output.MultipleOutputs;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.mapreduce.lib.output.TextOutputFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MultipleInputs and MultipleOutputs on a master and two workers whose tasks run in child
 * JVMs: the tagged splits are rebuilt in the children, and every named output, map side and
 * reduce side, goes through the task and job commit.
 */
@Timeout(90)
class LibFormatsClusterIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  /** (id, "N" + name) from the text input; each name also to the map-side named output "names". */
  public static class NameMapper extends Mapper<Text, Text, Text, Text> {
    private MultipleOutputs<Text, Text> mos;

    @Override
    protected void setup(Context context) throws IOException {
      if (!((FileSplit) context.getInputSplit()).getPath().toString().contains("/names/")) {
        throw new IOException("the name mapper got " + context.getInputSplit());
      }
      mos = new MultipleOutputs<>(context);
    }

    @Override
    protected void map(Text key, Text value, Context context) throws IOException, InterruptedException {
      context.write(key, new Text("N" + value));
      mos.write("names", key, value);
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      mos.close();
    }
  }

  /** (id, "A" + amount) from the SequenceFile input. */
  public static class AmountMapper extends Mapper<Text, IntWritable, Text, Text> {
    @Override
    protected void map(Text key, IntWritable value, Context context) throws IOException, InterruptedException {
      context.write(key, new Text("A" + value.get()));
    }
  }

  /** Ids with a name to "joined" (text: id, name,sum); ids without one to "orphans" (SequenceFile: id, sum). */
  public static class Join extends Reducer<Text, Text, Text, Text> {
    private MultipleOutputs<Text, Text> mos;

    @Override
    protected void setup(Context context) {
      mos = new MultipleOutputs<>(context);
    }

    @Override
    protected void reduce(Text key, Iterable<Text> values, Context context) throws IOException, InterruptedException {
      String name = null;
      int sum = 0;
      for (Text v : values) {
        String s = v.toString();
        if (s.startsWith("N")) {
          name = s.substring(1);
        } else {
          sum += Integer.parseInt(s.substring(1));
        }
      }
      if (name == null) {
        mos.write("orphans", key, new IntWritable(sum));
      } else {
        mos.write("joined", key, new Text(name + "," + sum));
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      mos.close();
    }
  }

  @Test
  void multipleInputsAndOutputsSurviveTheTripToWorkerJvmsAndTheCommit() throws Exception {
    Path names = dir.resolve("in/names");
    Path amounts = dir.resolve("in/amounts");
    Files.createDirectories(names);
    Files.createDirectories(amounts);
    Random r = new Random(12);
    Map<String, String> nameOf = new TreeMap<>();
    Map<String, Integer> sumOf = new TreeMap<>();
    for (int f = 0; f < 2; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = f; i < 600; i += 2) {
        nameOf.put("id" + i, "n" + r.nextInt(10_000));
        lines.add("id" + i + "\t" + nameOf.get("id" + i));
      }
      Files.write(names.resolve("n" + f), lines);
    }
    for (int f = 0; f < 2; f++) {
      try (OutputStream out = Files.newOutputStream(amounts.resolve("a" + f));
          SequenceFile.Writer w = new SequenceFile.Writer(out, Text.class, IntWritable.class)) {
        for (int i = 0; i < 800; i++) {
          String id = "id" + r.nextInt(700);
          int amount = r.nextInt(50);
          sumOf.merge(id, amount, Integer::sum);
          w.append(new Text(id), new IntWritable(amount));
        }
      }
    }
    Map<String, String> joined = new TreeMap<>();
    Map<String, Integer> orphans = new TreeMap<>();
    nameOf.forEach((id, n) -> joined.put(id, n + "," + sumOf.getOrDefault(id, 0)));
    sumOf.forEach((id, s) -> {
      if (!nameOf.containsKey(id)) {
        orphans.put(id, s);
      }
    });

    try (MiniMrCluster cluster = MiniMrCluster.builder(dir).workers(2).slots(2, 1).start()) {
      Path out = dir.resolve("out");
      Job job = Job.getInstance(cluster.conf(), "lib-formats");
      MultipleInputs.addInputPath(job, new io.quern.fs.Path(names.toString()), KeyValueTextInputFormat.class,
          NameMapper.class);
      MultipleInputs.addInputPath(job, new io.quern.fs.Path(amounts.toString()), SequenceFileInputFormat.class,
          AmountMapper.class);
      FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
      LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
      MultipleOutputs.addNamedOutput(job, "joined", TextOutputFormat.class, Text.class, Text.class);
      MultipleOutputs.addNamedOutput(job, "orphans", SequenceFileOutputFormat.class, Text.class, IntWritable.class);
      MultipleOutputs.addNamedOutput(job, "names", TextOutputFormat.class, Text.class, Text.class);
      MultipleOutputs.setCountersEnabled(job, true);
      job.setReducerClass(Join.class);
      job.setNumReduceTasks(2);
      job.setOutputKeyClass(Text.class);
      job.setOutputValueClass(Text.class);
      assertTrue(job.waitForCompletion(false), job.getFailureInfo());

      List<String> files = list(out);
      assertEquals(List.of("_SUCCESS", "joined-r-00000", "joined-r-00001", "names-m-00000", "names-m-00001",
          "orphans-r-00000", "orphans-r-00001"), files, "named files only: no empty part files, no work files");
      Map<String, String> gotJoined = new TreeMap<>();
      for (String f : List.of("joined-r-00000", "joined-r-00001")) {
        for (String line : Files.readAllLines(out.resolve(f))) {
          String[] kv = line.split("\t");
          assertEquals(null, gotJoined.put(kv[0], kv[1]), kv[0] + " twice");
        }
      }
      assertEquals(joined, gotJoined);
      Map<String, Integer> gotOrphans = new TreeMap<>();
      for (String f : List.of("orphans-r-00000", "orphans-r-00001")) {
        try (SequenceFile.Reader reader = new SequenceFile.Reader(new LocalSeekableInput(out.resolve(f)))) {
          Text k = new Text();
          IntWritable v = new IntWritable();
          while (reader.next(k, v)) {
            gotOrphans.put(k.toString(), v.get());
          }
        }
      }
      assertEquals(orphans, gotOrphans);
      Map<String, String> gotNames = new TreeMap<>();
      for (String f : List.of("names-m-00000", "names-m-00001")) {
        for (String line : Files.readAllLines(out.resolve(f))) {
          String[] kv = line.split("\t");
          gotNames.put(kv[0], kv[1]);
        }
      }
      assertEquals(nameOf, gotNames);
      assertEquals(joined.size(),
          job.getCounters().findCounter(MultipleOutputs.COUNTERS_GROUP, "joined").getValue());
      assertFalse(files.stream().anyMatch(f -> f.startsWith("part-")));
    }
  }

  private static List<String> list(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
