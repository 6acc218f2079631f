package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.WordCount2;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.streaming.StreamJob;
import io.quern.util.GenericOptionsParser;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringTokenizer;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed cache on a cluster whose tasks run in real child JVMs, as a Hadoop user uses
 * it: a streaming program reads a {@code -files} file under its {@code #name} and the contents of
 * a zip and a tar.gz {@code -archives} from its working directory; a mapper of a job jar calls a
 * class of a {@code -libjars} jar built here; {@code wordcount2 -skip} reads its patterns through
 * {@code getCacheFiles()}; a missing cache file fails the submission. Every output is compared
 * with one computed here.
 */
@Timeout(120)
class DistributedCacheIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static java.nio.file.Path dir;
  static MiniMrCluster cluster;
  static FileSystem fs;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniMrCluster.builder(dir).workers(1).slots(2, 1).onDfs().start();
    fs = cluster.fileSystem();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Reads the link, both archives and a DFS file from its working directory; one line per input word. */
  static final String LOOKUP_PY = String.join("\n",
      "import sys",
      "def table(path):",
      "    return dict(l.split('=') for l in open(path).read().split())",
      "greet = open('greet').read().strip()",
      "colors = table('colors/table.txt')",
      "sizes = table('sizes.tgz/data/sizes.txt')",
      "suffix = open('sfx').read().strip()",
      "for line in sys.stdin:",
      "    w = line.strip()",
      "    if w:",
      "        print('%s\\t%s %s %s %s' % (w, greet, colors[w], sizes[w], suffix))",
      "");

  @Test
  void aStreamingProgramReadsAFileByItsNameAndTheUnpackedZipAndTarGz() throws Exception {
    Map<String, String> colors = Map.of("apple", "red", "lime", "green", "plum", "purple");
    Map<String, String> sizes = Map.of("apple", "medium", "lime", "small", "plum", "small");
    java.nio.file.Path local = Files.createDirectories(dir.resolve("stream-local"));
    java.nio.file.Path program = Files.writeString(local.resolve("lookup.py"), LOOKUP_PY);
    java.nio.file.Path greeting = Files.writeString(local.resolve("greeting.txt"), "hello\n");
    java.nio.file.Path zip = local.resolve("colors.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("table.txt"));
      StringBuilder b = new StringBuilder();
      colors.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    java.nio.file.Path tgz = local.resolve("sizes.tgz");
    try (OutputStream raw = Files.newOutputStream(tgz); TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(raw))) {
      StringBuilder b = new StringBuilder();
      sizes.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
      byte[] data = b.toString().getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("data/sizes.txt");
      e.setSize(data.length);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    // A file already in the DFS is used in place.
    cluster.write("/user/dc/shared/suffix.txt", "!\n");
    cluster.write("/user/dc/stream/in/a.txt", "apple\nlime\n");
    cluster.write("/user/dc/stream/in/b.txt", "plum\napple\n");

    Configuration conf = cluster.conf();
    String[] rest = new GenericOptionsParser(conf, new String[] {
        "-files", program + "," + greeting + "#greet,qfs:///user/dc/shared/suffix.txt#sfx",
        "-archives", zip + "#colors," + tgz,
        "-input", "/user/dc/stream/in", "-output", "/user/dc/stream/out",
        "-mapper", "python3 lookup.py", "-reducer", "NONE"}).getRemainingArgs();
    // The tar.gz has no #name: it is linked under its own name, as in Hadoop.
    Job job = StreamJob.createJob(conf, rest);
    job.waitForCompletion(false);
    assertTrue(job.isSuccessful(), job.getFailureInfo());

    List<String> expected = new ArrayList<>();
    for (String w : List.of("apple", "lime", "plum", "apple")) {
      expected.add(w + "\thello " + colors.get(w) + " " + sizes.get(w) + " !");
    }
    List<String> got = cluster.output("/user/dc/stream/out");
    expected.sort(null);
    got.sort(null);
    assertEquals(expected, got);
  }

  @Test
  void aMapperOfTheJobJarUsesAClassOfALibjarsJar() throws Exception {
    java.nio.file.Path src = Files.createDirectories(dir.resolve("libjar-src"));
    java.nio.file.Path libClasses = Files.createDirectories(dir.resolve("lib-classes"));
    java.nio.file.Path jobClasses = Files.createDirectories(dir.resolve("job-classes"));
    java.nio.file.Path shout = Files.createDirectories(src.resolve("cachelib")).resolve("Shout.java");
    Files.writeString(shout, String.join("\n",
        "package cachelib;",
        "public final class Shout {",
        "  public static String shout(String s) { return s.toUpperCase(java.util.Locale.ROOT) + \"!\"; }",
        "}", ""));
    java.nio.file.Path mapper = Files.createDirectories(src.resolve("cachejob")).resolve("ShoutMapper.java");
    Files.writeString(mapper, String.join("\n",
        "package cachejob;",
        "import io.quern.io.*;",
        "public class ShoutMapper extends io.quern.mapreduce.Mapper<LongWritable, Text, Text, NullWritable> {",
        "  @Override protected void map(LongWritable k, Text v, Context c) throws java.io.IOException, InterruptedException {",
        "    c.write(new Text(cachelib.Shout.shout(v.toString())), NullWritable.get());",
        "  }",
        "}", ""));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String cp = System.getProperty("java.class.path");
    assertEquals(0, javac.run(null, null, null, "-d", libClasses.toString(), shout.toString()));
    assertEquals(0, javac.run(null, null, null, "-cp", cp + java.io.File.pathSeparator + libClasses, "-d",
        jobClasses.toString(), mapper.toString()));
    java.nio.file.Path libJar = jar(libClasses, dir.resolve("shout-lib.jar"));
    java.nio.file.Path jobJar = jar(jobClasses, dir.resolve("shout-job.jar"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("cachelib.Shout"),
        "the library is on no class path of this JVM, so of no child's either");

    cluster.write("/user/dc/lib/in.txt", "quern\ncache\n");
    Configuration conf = cluster.conf();
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Job job;
    try {
      String[] rest = new GenericOptionsParser(conf, new String[] {"-libjars", libJar.toString(), "in"})
          .getRemainingArgs();
      assertEquals(List.of("in"), List.of(rest));
      job = Job.getInstance(conf, "libjars");
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
    job.setJar(jobJar.toString());
    job.getConfiguration().set(MRJobConfig.MAP_CLASS, "cachejob.ShoutMapper");
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    FileInputFormat.addInputPath(job, "/user/dc/lib/in.txt");
    FileOutputFormat.setOutputPath(job, "/user/dc/lib/out");
    job.waitForCompletion(false);
    assertTrue(job.isSuccessful(), job.getFailureInfo());
    List<String> got = new ArrayList<>();
    for (String line : cluster.output("/user/dc/lib/out")) {
      got.add(line.strip());
    }
    assertEquals(List.of("QUERN!", "CACHE!"), got);
  }

  @Test
  void wordCount2SkipsThePatternsItReadsThroughTheCacheAndFoldsCase() throws Exception {
    String text = "The quick brown Fox, jumps over the lazy dog.\nTo be, or not to be!\nthe END. The end\n";
    String patterns = "\\.\n\\,\n\\!\nto\n";
    cluster.write("/user/dc/wc2/in/text.txt", text);
    cluster.write("/user/dc/wc2/patterns.txt", patterns);
    Map<String, Integer> expected = new TreeMap<>();
    for (String line : text.split("\n")) {
      String l = line.toLowerCase(Locale.ROOT);
      for (String p : patterns.split("\n")) {
        l = Pattern.compile(p).matcher(l).replaceAll("");
      }
      StringTokenizer t = new StringTokenizer(l);
      while (t.hasMoreTokens()) {
        expected.merge(t.nextToken(), 1, Integer::sum);
      }
    }
    assertEquals(0, ToolRunner.run(cluster.conf(), new WordCount2(), new String[] {
        "-D" + WordCount2.CASE_SENSITIVE + "=false", "/user/dc/wc2/in", "/user/dc/wc2/out",
        "-skip", "/user/dc/wc2/patterns.txt"}));
    Map<String, Integer> got = new TreeMap<>();
    for (String line : cluster.output("/user/dc/wc2/out")) {
      String[] kv = line.split("\t");
      got.put(kv[0], Integer.parseInt(kv[1]));
    }
    assertEquals(expected, got);
    assertTrue(got.containsKey("the") && !got.containsKey("The") && !got.containsKey("to"), got.toString());
  }

  @Test
  void aMissingCacheFileFailsTheSubmissionNamingIt() throws Exception {
    cluster.write("/user/dc/missing/in.txt", "x\n");
    Job job = Job.getInstance(cluster.conf(), "missing");
    job.addCacheFile(new URI("qfs:///user/dc/nope.txt#n"));
    FileInputFormat.addInputPath(job, "/user/dc/missing/in.txt");
    FileOutputFormat.setOutputPath(job, "/user/dc/missing/out");
    IOException e = assertThrows(IOException.class, job::submit);
    assertEquals("the job's cache file qfs:///user/dc/nope.txt does not exist", e.getMessage());
  }

  static java.nio.file.Path jar(java.nio.file.Path classes, java.nio.file.Path jar) throws IOException {
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var walk = Files.walk(classes)) {
      for (java.nio.file.Path p : walk.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString()));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
