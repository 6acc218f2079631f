package io.quern.mapreduce.lib.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.MapFile;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.LocalJobs;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.partition.HashPartitioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's output as map files, looked up by key through the job's partitioner. */
class MapFileOutputFormatTest {
  @TempDir
  Path dir;

  @Test
  void everyKeyIsFoundInThePartItsPartitionerNames() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Map<String, String> ref = new TreeMap<>();
    Random r = new Random(4);
    List<String> lines = new ArrayList<>();
    while (ref.size() < 2_000) {
      String k = "key" + r.nextInt(100_000);
      if (ref.putIfAbsent(k, "value" + r.nextInt()) == null) {
        lines.add(k + "\t" + ref.get(k));
      }
    }
    Files.write(in.resolve("kv.txt"), lines);
    Path out = dir.resolve("out");
    Job job = LocalJobs.job(dir, "mapfiles");
    job.setInputFormatClass(KeyValueTextInputFormat.class);
    FileInputFormat.addInputPath(job, LocalJobs.path(in));
    FileOutputFormat.setOutputPath(job, LocalJobs.path(out));
    job.setOutputFormatClass(MapFileOutputFormat.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setNumReduceTasks(3);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertTrue(LocalJobs.files(out).contains("part-r-00002/index"), LocalJobs.files(out).toString());

    MapFile.Reader[] readers = MapFileOutputFormat.getReaders(LocalJobs.path(out), job.getConfiguration());
    try {
      assertEquals(3, readers.length);
      HashPartitioner<Text, Text> partitioner = new HashPartitioner<>();
      for (Map.Entry<String, String> e : ref.entrySet()) {
        Writable got = MapFileOutputFormat.getEntry(readers, partitioner, new Text(e.getKey()), new Text());
        assertEquals(e.getValue(), String.valueOf(got), e.getKey());
      }
      assertNull(MapFileOutputFormat.getEntry(readers, partitioner, new Text("absent"), new Text()));
    } finally {
      for (MapFile.Reader reader : readers) {
        reader.close();
      }
    }
  }
}
