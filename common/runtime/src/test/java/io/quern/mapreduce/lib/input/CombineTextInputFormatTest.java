package io.quern.mapreduce.lib.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.LocalJobs;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.task.JobContextImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CombineTextInputFormat over many small files and one large one: split count and every line read once. */
class CombineTextInputFormatTest {
  @TempDir
  Path dir;

  @Test
  void smallFilesShareSplitsAndEveryLineIsReadExactlyOnce() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Random r = new Random(9);
    List<String> lines = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (int f = 0; f < 41; f++) {
      List<String> fileLines = new ArrayList<>();
      int count = f == 40 ? 4_000 : 1 + r.nextInt(120);
      for (int i = 0; i < count; i++) {
        fileLines.add("f" + f + "-l" + i + "-" + "x".repeat(r.nextInt(60)));
      }
      lines.addAll(fileLines);
      Path file = in.resolve(String.format("file%02d.txt", f));
      Files.write(file, fileLines);
      sizes.add(Files.size(file));
    }
    long max = 20_000;
    Job job = LocalJobs.job(dir, "combine");
    FileInputFormat.addInputPath(job, LocalJobs.path(in));
    FileInputFormat.setMaxInputSplitSize(job, max);
    job.setInputFormatClass(CombineTextInputFormat.class);
    job.setNumReduceTasks(0);

    // Reference: one host, so pieces (files cut to at most max) fill splits greedily in file order.
    CombineSplitPlanner cutter = new CombineSplitPlanner(max, 0, 0);
    int expected = 0;
    long filled = 0;
    for (long size : sizes) {
      for (CombineSplitPlanner.Chunk c : cutter.cut("f", 0, size, List.of("localhost"), List.of("/r"))) {
        filled += c.length();
        if (filled >= max) {
          expected++;
          filled = 0;
        }
      }
    }
    expected += filled > 0 ? 1 : 0;
    List<InputSplit> splits = new CombineTextInputFormat().getSplits(new JobContextImpl(job.getConfiguration(), null));
    assertEquals(expected, splits.size());
    long total = 0;
    for (InputSplit s : splits) {
      total += s.getLength();
      assertTrue(s.getLength() < 2 * max, "split of " + s.getLength());
      assertEquals(List.of("localhost"), List.of(s.getLocations()));
    }
    assertEquals(sizes.stream().mapToLong(Long::longValue).sum(), total);
    assertTrue(splits.size() < 41, "small files share splits: " + splits.size());

    Path out = dir.resolve("out");
    FileOutputFormat.setOutputPath(job, LocalJobs.path(out));
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    List<String> got = new ArrayList<>();
    for (String line : LocalJobs.lines(out, "part-m-")) {
      got.add(line.substring(line.indexOf('\t') + 1));
    }
    Collections.sort(got);
    Collections.sort(lines);
    assertEquals(lines, got, "every line exactly once");
    assertEquals(expected, LocalJobs.files(out).stream().filter(f -> f.startsWith("part-m-")).count(),
        "one map per combined split");
  }
}
