package io.quern.worker.sim;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real master daemon ({@code io.quern.master.MasterMain}) in its own JVM, on this JVM's class
 * path and the configuration directory of {@code quern.conf.dir}, for the benchmark: started on
 * a free port, measured from outside (heap after a full GC with jcmd, CPU time from /proc), and
 * stopped or SIGKILLed.
 */
final class MasterProcess implements AutoCloseable {
  private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

  final int port;
  private final Process process;
  final Path log;

  /**
   * @param jvmOptions options of the master's JVM (the scripts' QUERN_JVM_OPTS), split on blanks
   */
  MasterProcess(String jvmOptions, Path logDir, String name, List<String> extraJvmOptions) throws IOException {
    this.port = freePort();
    this.log = logDir.resolve(name + ".log");
    Files.createDirectories(logDir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String o : jvmOptions.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        cmd.add(o);
      }
    }
    cmd.addAll(extraJvmOptions);
    cmd.add("-Dquern.log.file=" + log);
    cmd.add("-Dquern.log.appender=file");
    cmd.add("-Dquern.daemon.name=" + name);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.quern.master.MasterMain");
    cmd.addAll(List.of("-D", "quern.daemon.host=127.0.0.1", "-D", "mapred.master.port=" + port,
        "-D", "mapred.job.tracker.http.address=127.0.0.1:0"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(logDir.resolve(name + ".out").toFile());
    this.process = pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** User plus system CPU time of the process so far, from /proc (Linux). */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    return ticks / 100.0; // USER_HZ is 100 on Linux
  }

  /**
   * CPU seconds of the process's live threads so far, by kind: {@code jit} (compiler threads),
   * {@code gc}, {@code other}. A thread that ended is in none (its time stays in {@link #cpuSeconds}).
   */
  java.util.Map<String, Double> threadCpuSeconds() throws IOException {
    java.util.Map<String, Double> out = new java.util.TreeMap<>(java.util.Map.of("jit", 0.0, "gc", 0.0, "other", 0.0));
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        String kind = name.contains("CompilerThre") ? "jit"
            : name.startsWith("GC ") || name.startsWith("G1 ") ? "gc" : "other";
        out.merge(kind, seconds, Double::sum);
      }
    }
    return out;
  }

  /** Heap in use right after a full collection, in MiB, through jcmd. */
  double heapAfterGcMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IOException("cannot read the heap of master " + pid() + " from jcmd: " + info.strip());
    }
    return Long.parseLong(m.group(2)) / 1024.0;
  }

  /** Runs a jcmd command on the master and returns its output. */
  String jcmd(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid()));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " on " + pid() + " failed: " + out.strip());
    }
    return out;
  }

  /** SIGKILL: the process dies at once; its ZooKeeper session lives until it expires. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as bin/quern-daemon.sh stop; SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
