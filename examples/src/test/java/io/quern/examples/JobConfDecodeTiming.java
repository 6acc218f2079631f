package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskKind;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.security.SecretFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints, and asserts nothing about, what reading a word count's job configuration costs as
 * XML and in {@code Configuration.write}'s binary form: medians of many reads in one JVM, the
 * first read in fresh JVMs, and a launch's serialized size either way. Not part of the suite
 * (the name matches no test pattern); run it with
 * {@code mvn -o -B test -pl examples -am -Dtest=JobConfDecodeTiming -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class JobConfDecodeTiming {
  private static final int WARM_RUNS = 2_000;
  private static final int FRESH_JVMS = 11;

  /** A word count's configuration as the client ships it: every default and site value, the job's own, no secret. */
  static byte[] wordCountXml() throws Exception {
    Job job = Job.getInstance(new Configuration(), "word count");
    job.setJarByClass(WordCount.class);
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setCombinerClass(WordCount.IntSumReducer.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPath(job, "/user/alice/in");
    FileOutputFormat.setOutputPath(job, "/user/alice/out");
    Configuration taskConf = new Configuration(job.getConfiguration());
    taskConf.set(MRJobConfig.USER_NAME, "alice");
    taskConf.set(SecretFile.KEY, "");
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    taskConf.writeXml(xml);
    return xml.toByteArray();
  }

  static Configuration fromXml(byte[] xml) {
    Configuration c = new Configuration(false);
    c.addResource(new ByteArrayInputStream(xml), "job.xml");
    return c;
  }

  static Configuration fromBytes(byte[] bytes) throws Exception {
    return new Configuration(false).addBytes(bytes, "job conf");
  }

  private static java.util.Map<String, String> raw(Configuration c) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    c.forEach(e -> out.put(e.getKey(), c.getRaw(e.getKey())));
    return out;
  }

  private static double medianMicros(List<Long> nanos) {
    long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return a[a.length / 2] / 1000.0;
  }

  private static int serializedSize(byte[] conf) throws Exception {
    TaskLaunch l = new TaskLaunch(3, "job_1765000000000_0001", "attempt_1765000000000_0001_m_000000_0", TaskKind.MAP,
        0, new SplitInfo(0, "io.quern.mapreduce.lib.input.FileSplit", new byte[64], 1 << 20, List.of("h1", "h2", "h3")),
        1, 1, conf, "/user/alice/.staging/job_1765000000000_0001/job.jar", "alice", null, List.of(), new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(l);
    }
    return out.size();
  }

  /** In a fresh JVM: the first read of the file's configuration, after a child's base is built; prints nanoseconds. */
  public static void main(String[] args) throws Exception {
    byte[] data = Files.readAllBytes(Path.of(args[1]));
    // A child has its logging up and builds its base (defaults, site files) before the job's configuration.
    org.apache.logging.log4j.LogManager.getLogger(JobConfDecodeTiming.class).debug("started");
    Configuration base = new Configuration();
    if (args[0].endsWith("-warmed")) {
      // as a spare child's warm-up does while it waits for its job
      new Configuration(false).addBytes(base.toBytes(), "warm-up");
    }
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    boolean asXml = "xml".equals(args[0]);
    long c0 = cpu.getCurrentThreadCpuTime();
    Configuration c = asXml ? fromXml(data) : fromBytes(data);
    long c1 = cpu.getCurrentThreadCpuTime();
    Configuration again = asXml ? fromXml(data) : fromBytes(data);
    long c2 = cpu.getCurrentThreadCpuTime();
    System.out.println((c1 - c0) + " " + (c2 - c1) + " " + c.size() + " " + again.size());
  }

  /** CPU time of the first and of the second read in each fresh JVM. */
  private static List<List<Long>> fresh(String form, Path file) throws Exception {
    List<Long> out = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < 1; i++) {
      Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseParallelGC", "-cp",
          System.getProperty("java.class.path"), JobConfDecodeTiming.class.getName(), form, file.toString())
          .redirectErrorStream(false).start();
      String line = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("timing JVM failed: " + new String(p.getErrorStream().readAllBytes()));
      }
      out.add(Long.parseLong(line.split(" ")[0]));
      second.add(Long.parseLong(line.split(" ")[1]));
    }
    return List.of(out, second);
  }

  @Test
  void printTimings() throws Exception {
    byte[] xml = wordCountXml();
    byte[] bytes = fromXml(xml).toBytes();
    if (!raw(fromXml(xml)).equals(raw(fromBytes(bytes)))) {
      throw new IllegalStateException("the two forms differ");
    }
    List<Long> xmlNanos = new ArrayList<>();
    List<Long> binNanos = new ArrayList<>();
    for (int i = 0; i < WARM_RUNS; i++) {
      long t0 = System.nanoTime();
      fromXml(xml);
      long t1 = System.nanoTime();
      fromBytes(bytes);
      long t2 = System.nanoTime();
      xmlNanos.add(t1 - t0);
      binNanos.add(t2 - t1);
    }
    // The last half, once the JIT has compiled both paths.
    double warmXml = medianMicros(xmlNanos.subList(WARM_RUNS / 2, WARM_RUNS));
    double warmBin = medianMicros(binNanos.subList(WARM_RUNS / 2, WARM_RUNS));
    double firstXml = xmlNanos.get(0) / 1000.0;
    double firstBin = binNanos.get(0) / 1000.0;
    Path dir = Files.createTempDirectory("jobconf-timing");
    Path xmlFile = Files.write(dir.resolve("job.xml"), xml);
    Path binFile = Files.write(dir.resolve("job.bin"), bytes);
    List<List<Long>> freshXml = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
    List<List<Long>> freshBin = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
    List<List<Long>> freshWarmed = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
    for (int i = 0; i < FRESH_JVMS; i++) { // alternating, so that a burst of load hits both
      List<List<Long>> x = fresh("xml", xmlFile);
      List<List<Long>> b = fresh("bin", binFile);
      List<List<Long>> w = fresh("bin-warmed", binFile);
      for (int k = 0; k < 2; k++) {
        freshXml.get(k).addAll(x.get(k));
        freshBin.get(k).addAll(b.get(k));
        freshWarmed.get(k).addAll(w.get(k));
      }
    }
    Files.delete(xmlFile);
    Files.delete(binFile);
    Files.delete(dir);
    System.out.printf("word count job conf: %d properties, XML %d bytes, binary %d bytes%n",
        fromXml(xml).size(), xml.length, bytes.length);
    System.out.printf("TaskLaunch serialized: with XML %d bytes, with binary %d bytes%n",
        serializedSize(xml), serializedSize(bytes));
    System.out.printf("one JVM, median of the last %d reads: XML %.1f us, binary %.1f us (%.1fx)%n",
        WARM_RUNS / 2, warmXml, warmBin, warmXml / warmBin);
    System.out.printf("one JVM, its first read: XML %.1f us, binary %.1f us%n", firstXml, firstBin);
    String[] which = {"first", "second"};
    for (int k = 0; k < 2; k++) {
      System.out.printf("fresh JVMs (a child's options), CPU time of the %s read after the base, median of %d:"
          + " XML %.1f us, binary %.1f us (%.1fx); XML runs %s, binary runs %s%n", which[k], FRESH_JVMS,
          medianMicros(freshXml.get(k)), medianMicros(freshBin.get(k)),
          medianMicros(freshXml.get(k)) / medianMicros(freshBin.get(k)), micros(freshXml.get(k)),
          micros(freshBin.get(k)));
    }
    System.out.printf("fresh JVMs after the spare's warm-up (a round trip of the defaults), binary: first read"
        + " %.1f us, second %.1f us; runs %s%n", medianMicros(freshWarmed.get(0)), medianMicros(freshWarmed.get(1)),
        micros(freshWarmed.get(0)));
  }

  private static String micros(List<Long> nanos) {
    return Arrays.toString(nanos.stream().mapToLong(n -> n / 1000).toArray());
  }
}
