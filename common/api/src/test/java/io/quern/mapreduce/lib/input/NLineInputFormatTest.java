package io.quern.mapreduce.lib.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.conf.ConfigurationException;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every split holds N whole lines (the last the rest), and reading the splits gives each line once, in order. */
class NLineInputFormatTest {
  @TempDir
  Path dir;

  private Job job(int linesPerMap, String... contents) throws IOException {
    Job job = Job.getInstance();
    for (int i = 0; i < contents.length; i++) {
      Path f = dir.resolve("in-" + i + ".txt");
      Files.writeString(f, contents[i], StandardCharsets.UTF_8);
      FileInputFormat.addInputPath(job, "file:" + f);
    }
    job.setInputFormatClass(NLineInputFormat.class);
    NLineInputFormat.setNumLinesPerSplit(job, linesPerMap);
    return job;
  }

  /** The lines of each split, read as a map task reads them. */
  private static List<List<String>> read(Job job) throws Exception {
    NLineInputFormat format = new NLineInputFormat();
    List<List<String>> out = new ArrayList<>();
    TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(job.getConfiguration(),
        TaskAttemptID.forName("attempt_1_0001_m_000000_0"));
    for (InputSplit split : format.getSplits(job)) {
      List<String> lines = new ArrayList<>();
      try (RecordReader<LongWritable, Text> r = format.createRecordReader(split, ctx)) {
        r.initialize(split, ctx);
        while (r.nextKeyValue()) {
          lines.add(r.getCurrentValue().toString());
        }
      }
      out.add(lines);
    }
    return out;
  }

  @Test
  void oneLinePerSplitByDefault() throws Exception {
    Job job = Job.getInstance();
    Path f = dir.resolve("params.txt");
    Files.writeString(f, "1 0.1 3\n2 0.2 4\n\n3 0.3 5\n");
    FileInputFormat.addInputPath(job, "file:" + f);
    assertEquals(List.of(List.of("1 0.1 3"), List.of("2 0.2 4"), List.of(""), List.of("3 0.3 5")), read(job));
  }

  @Test
  void nLinesPerSplitWithTheRestLast() throws Exception {
    Job job = job(3, "a\nb\nc\nd\ne\nf\ng\n");
    assertEquals(List.of(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("g")), read(job));
  }

  @Test
  void aLastLineWithoutTerminatorAndCrLfLinesAreKept() throws Exception {
    Job job = job(2, "a\r\nb\r\nc\r\nd", "x\ry\rz");
    assertEquals(List.of(List.of("a", "b"), List.of("c", "d"), List.of("x", "y"), List.of("z")), read(job));
  }

  @Test
  void anEmptyFileHasNoSplit() throws Exception {
    assertEquals(List.of(), read(job(1, "")));
  }

  @Test
  void longLinesAcrossReadBuffersSplitExactly() throws Exception {
    StringBuilder text = new StringBuilder();
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String line = String.valueOf((char) ('a' + i % 26)).repeat(1000 + 977 * i);
      text.append(line).append('\n');
      if (i % 7 == 0) {
        expected.add(new ArrayList<>());
      }
      expected.get(expected.size() - 1).add(line);
    }
    assertEquals(expected, read(job(7, text.toString())));
  }

  @Test
  void aLinesPerMapBelowOneIsRefusedNamingTheKey() throws Exception {
    Job job = job(1, "a\n");
    job.getConfiguration().setInt(NLineInputFormat.LINES_PER_MAP, 0);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(job));
    assertEquals(true, e.getMessage().contains(NLineInputFormat.LINES_PER_MAP), e.getMessage());
  }
}
