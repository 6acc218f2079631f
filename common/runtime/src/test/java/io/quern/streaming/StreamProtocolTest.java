package io.quern.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.lib.input.FileSplit;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.input.NLineInputFormat;
import io.quern.mapreduce.lib.input.TextInputFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text protocol between the framework and a streaming program, without a program. */
class StreamProtocolTest {
  private static String[] split(FieldSplitter s, String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    Text k = new Text("stale key");
    Text v = new Text("stale value");
    s.split(b, b.length, k, v);
    return new String[] {k.toString(), v.toString()};
  }

  @Test
  void outputLinesSplitAtTheFirstTabByDefault() {
    FieldSplitter s = new FieldSplitter("\t", 1);
    assertEquals(List.of("word", "1"), List.of(split(s, "word\t1")));
    assertEquals(List.of("a", "b\tc"), List.of(split(s, "a\tb\tc")));
    assertEquals(List.of("no separator", ""), List.of(split(s, "no separator")));
    assertEquals(List.of("", "leading"), List.of(split(s, "\tleading")));
    assertEquals(List.of("trailing", ""), List.of(split(s, "trailing\t")));
    assertEquals(List.of("", ""), List.of(split(s, "")));
    assertEquals(List.of("é", "ü"), List.of(split(s, "é\tü")));
  }

  @Test
  void theKeyMayBeSeveralFieldsAndTheSeparatorSeveralBytes() {
    FieldSplitter two = new FieldSplitter(".", 2);
    assertEquals(List.of("10.0", "1.2"), List.of(split(two, "10.0.1.2")));
    assertEquals(List.of("10.0", ""), List.of(split(two, "10.0")));
    assertEquals(List.of("10", ""), List.of(split(two, "10")));
    FieldSplitter multi = new FieldSplitter("::", 1);
    assertEquals(List.of("a", "b::c"), List.of(split(multi, "a::b::c")));
    assertEquals(List.of("a:b", "c"), List.of(split(multi, "a:b::c")));
    FieldSplitter multiTwo = new FieldSplitter("--", 2);
    // Matches do not overlap: "---" holds one separator, then a lone dash.
    assertEquals(List.of("a---b", "c"), List.of(split(multiTwo, "a---b--c")));
  }

  @Test
  void separatorsAndKeyFieldsComeFromTheConfigurationAndBadOnesNameTheKey() {
    Configuration conf = new Configuration();
    assertEquals("\t", StreamKeys.separator(conf, StreamKeys.MAP_OUTPUT_SEPARATOR));
    assertEquals(1, StreamKeys.keyFields(conf, StreamKeys.REDUCE_OUTPUT_KEY_FIELDS));
    conf.set(StreamKeys.MAP_OUTPUT_SEPARATOR, ",");
    conf.setInt(StreamKeys.MAP_OUTPUT_KEY_FIELDS, 0);
    assertEquals(",", StreamKeys.separator(conf, StreamKeys.MAP_OUTPUT_SEPARATOR));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> StreamKeys.keyFields(conf, StreamKeys.MAP_OUTPUT_KEY_FIELDS));
    assertTrue(e.getMessage().contains(StreamKeys.MAP_OUTPUT_KEY_FIELDS), e.getMessage());
    conf.set(StreamKeys.REDUCE_INPUT_SEPARATOR, "");
    assertEquals("\t", StreamKeys.separator(conf, StreamKeys.REDUCE_INPUT_SEPARATOR));
  }

  @Test
  void theMapperGetsOnlyTheLineForTextInputUnlessTold() {
    Configuration conf = new Configuration();
    assertTrue(StreamKeys.ignoreMapInputKey(conf, TextInputFormat.class));
    assertFalse(StreamKeys.ignoreMapInputKey(conf, KeyValueTextInputFormat.class));
    assertFalse(StreamKeys.ignoreMapInputKey(conf, NLineInputFormat.class));
    conf.setBoolean(StreamKeys.MAP_INPUT_IGNORE_KEY, true);
    assertTrue(StreamKeys.ignoreMapInputKey(conf, NLineInputFormat.class));
    conf.setBoolean(StreamKeys.MAP_INPUT_IGNORE_KEY, false);
    assertFalse(StreamKeys.ignoreMapInputKey(conf, TextInputFormat.class));
  }

  @Test
  void inputRecordsAreKeySeparatorValueLines() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputLineWriter w = new InputLineWriter(out, "\t");
    w.write(new Text("k"), new Text("v w"));
    w.write(null, new Text("only the line"));
    w.write(new LongWritable(42), new IntWritable(7));
    Text reused = new Text("longer value");
    reused.set("short");
    w.write(reused, new Text(""));
    new InputLineWriter(out, "|").write(new Text("a"), new Text("b"));
    assertEquals("k\tv w\nonly the line\n42\t7\nshort\t\na|b\n", out.toString(StandardCharsets.UTF_8));
  }

  private static List<String> lines(byte[] data, int chunk) throws IOException {
    LineSplitter s = new LineSplitter(new ByteArrayInputStream(data), chunk);
    List<String> out = new ArrayList<>();
    while (s.next()) {
      out.add(new String(s.bytes(), 0, s.length(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void outputIsReadAsLfOrCrLfLinesWhateverTheReadSizes() throws IOException {
    String text = "a\tb\r\n\nlonger line here\nlast without newline";
    List<String> expected = List.of("a\tb", "", "longer line here", "last without newline");
    for (int chunk : new int[] {1, 2, 3, 7, 64 * 1024}) {
      assertEquals(expected, lines(text.getBytes(StandardCharsets.UTF_8), chunk), "chunk " + chunk);
    }
    assertEquals(List.of(), lines(new byte[0], 4));
    assertEquals(List.of(""), lines("\n".getBytes(StandardCharsets.UTF_8), 4));
    String big = "x".repeat(300_000);
    assertEquals(List.of(big, "y"), lines((big + "\ny\n").getBytes(StandardCharsets.UTF_8), 4096));
  }

  @Test
  void reporterLinesUpdateCountersAndStatusAndOthersAreTheProgramsOwn() {
    assertEquals(new ReporterLine.Counter("Sweep", "evaluated", 3),
        ReporterLine.parse("reporter:counter:Sweep,evaluated,3", "reporter:"));
    assertEquals(new ReporterLine.Counter("My Group", "n", -2),
        ReporterLine.parse("reporter:counter: My Group , n , -2 ", "reporter:"));
    assertEquals(new ReporterLine.Status("candidate 7 of 9"),
        ReporterLine.parse("reporter:status:candidate 7 of 9", "reporter:"));
    assertNull(ReporterLine.parse("Traceback (most recent call last):", "reporter:"));
    assertNull(ReporterLine.parse("reporter:something:else", "reporter:"));
    assertNull(ReporterLine.parse("  reporter:status:indented", "reporter:"));
    assertTrue(ReporterLine.parse("reporter:counter:G,C", "reporter:") instanceof ReporterLine.Malformed);
    assertTrue(ReporterLine.parse("reporter:counter:G,C,many", "reporter:") instanceof ReporterLine.Malformed);
    assertTrue(ReporterLine.parse("reporter:counter:,C,1", "reporter:") instanceof ReporterLine.Malformed);
    assertEquals(new ReporterLine.Status("x"), ReporterLine.parse("my:status:x", "my:"));
  }

  @Test
  void commandsSplitIntoWordsLikeAShellWithoutOne() {
    assertEquals(List.of("python3", "evaluate.py"), CommandLine.split("  python3   evaluate.py "));
    assertEquals(List.of("sh", "-c", "tr ' ' '\\n' | sort"), CommandLine.split("sh -c \"tr ' ' '\\n' | sort\""));
    assertEquals(List.of("grep", "-v", "a b"), CommandLine.split("grep -v 'a b'"));
    assertEquals(List.of("echo", "a\"b", "c\\d"), CommandLine.split("echo \"a\\\"b\" 'c\\d'"));
    assertEquals(List.of("echo", "a b", ""), CommandLine.split("echo a\\ b ''"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandLine.split("sh -c 'x"));
    assertEquals("the command 'sh -c 'x' has an unclosed ' quote", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CommandLine.split("   "));
  }

  @Test
  void theProgramIsFoundInTheWorkingDirectoryFirst(@TempDir Path work) throws IOException {
    Files.writeString(work.resolve("mapper.py"), "print()\n");
    assertEquals(List.of(work.resolve("mapper.py").toString(), "x"),
        CommandLine.resolve(List.of("mapper.py", "x"), work));
    assertEquals(List.of("python3", "mapper.py"), CommandLine.resolve(List.of("python3", "mapper.py"), work));
    assertEquals(List.of(work.resolve("bin/run").toString()), CommandLine.resolve(List.of("bin/run"), work));
    assertEquals(List.of("/bin/cat"), CommandLine.resolve(List.of("/bin/cat"), work));
  }

  @Test
  void theEnvironmentHasTheJobSettingsTheTaskAndTheCmdenvVariables() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.job.name", "sweep");
    conf.set("my.setting-x", "1");
    conf.set(StreamKeys.ENVIRONMENT, "SEED=7 MODE=fast mapreduce_job_name=overridden");
    TaskAttemptID attempt = TaskAttemptID.forName("attempt_1_0003_m_000004_1");
    Map<String, String> env = TaskEnvironment.of(conf, attempt,
        new FileSplit("qfs:///user/u/params.txt", 30, 10, new String[0]));
    assertEquals("overridden", env.get("mapreduce_job_name"));
    assertEquals("1", env.get("my_setting_x"));
    assertEquals("7", env.get("SEED"));
    assertEquals("fast", env.get("MODE"));
    assertEquals("attempt_1_0003_m_000004_1", env.get("mapred_task_id"));
    assertEquals("task_1_0003_m_000004", env.get("mapreduce_task_id"));
    assertEquals("4", env.get("mapreduce_task_partition"));
    assertEquals("true", env.get("mapreduce_task_ismap"));
    assertEquals("qfs:///user/u/params.txt", env.get("map_input_file"));
    assertEquals("30", env.get("mapreduce_map_input_start"));
    conf.set(StreamKeys.ENVIRONMENT, "SEED=7 broken");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TaskEnvironment.of(conf, attempt, null));
    assertTrue(e.getMessage().contains("'broken' is not"), e.getMessage());
  }
}
