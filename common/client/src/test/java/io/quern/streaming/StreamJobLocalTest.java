package io.quern.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Job;
import io.quern.util.GenericOptionsParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code quern streaming} in local mode: the options build the job Hadoop Streaming would, and it runs. */
@Timeout(120)
class StreamJobLocalTest {
  @TempDir
  Path dir;

  private Job job(String... args) throws Exception {
    Configuration conf = new Configuration();
    String[] rest = new GenericOptionsParser(conf, args).getRemainingArgs();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    return StreamJob.createJob(conf, rest);
  }

  private Path script(String name, String body) throws IOException {
    Path p = dir.resolve("scripts").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private static List<String> outputLines(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(p));
      }
    }
    return lines;
  }

  @Test
  void wordCountWithShippedScriptsEqualsAJavaCount() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Random r = new Random(5);
    Map<String, Integer> expected = new TreeMap<>();
    int lines = 0;
    for (int f = 0; f < 3; f++) {
      StringBuilder b = new StringBuilder();
      for (int l = 0; l < 2000; l++, lines++) {
        for (int w = r.nextInt(8); w > 0; w--) {
          String word = "w" + r.nextInt(300);
          expected.merge(word, 1, Integer::sum);
          b.append(word).append(' ');
        }
        b.append('\n');
      }
      Files.writeString(in.resolve("f" + f + ".txt"), b.toString());
    }
    Path mapper = script("map.sh", "awk '{for (i = 1; i <= NF; i++) print $i \"\\t1\"} "
        + "END {print \"reporter:counter:Streaming,lines,\" NR > \"/dev/stderr\"}'");
    Path sum = script("sum.sh", "awk -F'\\t' '{c[$1] += $2} END {for (w in c) print w \"\\t\" c[w]}'");
    Path out = dir.resolve("out");
    Job job = job("-D", "io.sort.mb=1", "-input", in.toString(), "-output", out.toString(), "-mapper", "map.sh",
        "-combiner", "sum.sh", "-reducer", "sum.sh", "-numReduceTasks", "2", "-file", mapper.toString(),
        "-file", sum.toString());
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    Map<String, Integer> got = new TreeMap<>();
    for (String line : outputLines(out)) {
      String[] kv = line.split("\t");
      assertEquals(null, got.put(kv[0], Integer.parseInt(kv[1])), "word " + kv[0] + " twice");
    }
    assertEquals(expected, got);
    assertEquals(lines, job.getCounters().findCounter("Streaming", "lines").getValue());
  }

  @Test
  void nLineInputGivesEachMapItsLinesWithTheirOffsets() throws Exception {
    Path params = dir.resolve("params.txt");
    Files.writeString(params, "a 1\nb 2\nc 3\nd 4\ne 5\n");
    Path out = dir.resolve("nline-out");
    Job job = job("-D", "mapreduce.input.lineinputformat.linespermap=2", "-input", params.toString(),
        "-output", out.toString(), "-inputformat", "org.apache.hadoop.mapred.lib.NLineInputFormat",
        "-mapper", "sh -c 'while read -r offset rest; do echo \"$offset=$rest\t$mapreduce_task_partition\"; done'",
        "-reducer", "NONE");
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(List.of("0=a 1\t0", "4=b 2\t0", "8=c 3\t1", "12=d 4\t1", "16=e 5\t2"), outputLines(out));
  }

  @Test
  void badOptionsAreOneSentence() {
    assertEquals("-output is required", assertThrows(IllegalArgumentException.class,
        () -> job("-input", "x", "-mapper", "cat")).getMessage());
    assertEquals("-D is a generic option: put it before the streaming options",
        assertThrows(IllegalArgumentException.class,
            () -> job("-input", "x", "-output", "y", "-D", "a=b", "-mapper", "cat")).getMessage());
    assertEquals("-inputformat NoSuchFormat: no such class on Quern's class path",
        assertThrows(IllegalArgumentException.class,
            () -> job("-input", "x", "-output", "y", "-mapper", "cat", "-inputformat", "NoSuchFormat")).getMessage());
    assertEquals("-partitioner io.quern.mapreduce.lib.input.TextInputFormat: io.quern.mapreduce.lib.input.TextInputFormat is not a Partitioner",
        assertThrows(IllegalArgumentException.class, () -> job("-input", "x", "-output", "y", "-mapper", "cat",
            "-partitioner", "io.quern.mapreduce.lib.input.TextInputFormat")).getMessage());
    assertEquals("cannot ship " + dir + "/missing.py with the job: no such readable file",
        assertThrows(IllegalArgumentException.class, () -> job("-input", "x", "-output", "y", "-mapper", "cat",
            "-file", dir + "/missing.py")).getMessage());
  }

  @Test
  void archivesAndCacheFilesAppearInTheWorkingDirectoryInLocalMode() throws Exception {
    Path tgz = dir.resolve("d.tgz");
    try (var raw = Files.newOutputStream(tgz);
        var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            new java.util.zip.GZIPOutputStream(raw))) {
      byte[] data = "from-archive".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("sub/x.txt");
      e.setSize(data.length);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    Path note = Files.writeString(dir.resolve("note.txt"), "from-file");
    Path in = Files.writeString(dir.resolve("words.txt"), "a\nb\n");
    Path out = dir.resolve("cache-out");
    Job job = job("-archives", tgz + "#d", "-input", in.toString(), "-output", out.toString(),
        "-mapper", "sh -c 'while read -r w; do echo \"$w\t$(cat d/sub/x.txt) $(cat n)\"; done'",
        "-cacheFile", note.toUri() + "#n", "-reducer", "NONE");
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(List.of("a\tfrom-archive from-file", "b\tfrom-archive from-file"), outputLines(out));
    assertEquals("-archives is a generic option: put it before the streaming options",
        assertThrows(IllegalArgumentException.class,
            () -> job("-input", "x", "-output", "y", "-mapper", "cat", "-archives", tgz.toString())).getMessage());
  }
}
