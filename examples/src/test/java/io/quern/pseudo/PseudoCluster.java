package io.quern.pseudo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pseudo-distributed cluster of the default conf/, run through the real bin/ scripts
 * as separate processes, with its own temporary directory, ZooKeeper port and daemon
 * ports so that it never collides with a cluster a developer has running.
 */
public final class PseudoCluster implements AutoCloseable {
  public static final Path HOME = findHome();

  /**
   * A test class's base port moved by a per-checkout offset (0..490), so that two checkouts
   * on one machine, or CI beside a developer, do not start clusters on the same ports.
   * Test classes keep their bases 1,000 apart, all below 32768: Linux hands out ports from
   * 32768 up as the local ports of outgoing connections, and a daemon whose fixed port an
   * open connection happens to hold cannot bind it.
   */
  public static int portBase(int classBase) {
    if (classBase + 500 > EPHEMERAL_PORTS_START) {
      throw new IllegalArgumentException("class base port " + classBase + " reaches the ephemeral range");
    }
    return classBase + 10 * Math.floorMod(HOME.toString().hashCode(), 50);
  }

  private static final int EPHEMERAL_PORTS_START = 32768;

  private final Path confDir;
  private final Path tmpDir;
  private final Map<String, String> env;

  /** {@code portBase} shifts every port (ZooKeeper and daemons) away from the defaults. */
  public PseudoCluster(String name, int portBase, Map<String, String> extraProperties) throws IOException {
    this.tmpDir = HOME.resolve("examples/target/pseudo-" + name);
    this.confDir = tmpDir.resolve("conf");
    deleteTree(tmpDir);
    Files.createDirectories(confDir);
    try (Stream<Path> files = Files.list(HOME.resolve("conf"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, confDir.resolve(f.getFileName()));
        confDir.resolve(f.getFileName()).toFile().setExecutable(f.toFile().canExecute());
      }
    }
    int zkPort = portBase;
    Files.writeString(confDir.resolve("zoo.cfg"), Files.readString(confDir.resolve("zoo.cfg"))
        .replace("clientPort=2181", "clientPort=" + zkPort));
    StringBuilder props = new StringBuilder();
    props.append(prop("quern.tmp.dir", tmpDir.resolve("data").toString()));
    props.append(prop("quern.zookeeper.quorum", "127.0.0.1:" + zkPort));
    props.append(prop("net.topology.script.file.name", confDir.resolve("topology.sh").toString()));
    // Status pages on free ports: fixed ones would meet those of a developer's cluster.
    for (String http : List.of("mapred.job.tracker.http.address", "mapred.task.tracker.http.address",
        "dfs.namenode.http-address", "dfs.datanode.http.address")) {
      if (!extraProperties.containsKey(http)) {
        props.append(prop(http, "${quern.daemon.host}:0"));
      }
    }
    extraProperties.forEach((k, v) -> props.append(prop(k, v)));
    Files.writeString(confDir.resolve("core-site.xml"),
        "<?xml version=\"1.0\"?>\n<configuration>\n" + props + "</configuration>\n");
    this.env = Map.of("QUERN_CONF_DIR", confDir.toString());
  }

  private static String prop(String k, String v) {
    return "  <property><name>" + k + "</name><value>" + v + "</value></property>\n";
  }

  public Path confDir() {
    return confDir;
  }

  public Path tmpDir() {
    return tmpDir;
  }

  public Path logDir() {
    return tmpDir.resolve("data/logs");
  }

  /** Runs a bin/ command; fails the test if it does not finish in time. */
  public Result run(Duration timeout, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(Arrays.asList(command));
    cmd.set(0, HOME.resolve(cmd.get(0)).toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(tmpDir, "cmd", ".out");
    Path err = Files.createTempFile(tmpDir, "cmd", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\nstdout:\n"
          + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - start) / 1e9);
  }

  /** Starts a bin/ command in the background, its stdout going to {@code out}; the caller waits for it. */
  public Process start(Path out, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(Arrays.asList(command));
    cmd.set(0, HOME.resolve(cmd.get(0)).toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile());
    pb.environment().putAll(env);
    pb.redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName() + ".err").toFile());
    return pb.start();
  }

  public Result quern(String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "bin/quern";
    System.arraycopy(args, 0, cmd, 1, args.length);
    return run(Duration.ofSeconds(300), cmd);
  }

  /** The pid of a daemon from its pid file, or -1. */
  public long pid(String daemon, String host) throws IOException {
    Path f = tmpDir.resolve("data/pids/" + daemon + "-" + host + ".pid");
    if (!Files.exists(f)) {
      return -1;
    }
    return Long.parseLong(Files.readString(f).trim());
  }

  public static void signal(long pid, String signal) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * True while process {@code pid} runs: not gone, and not a zombie that its parent has yet to
   * reap (a killed daemon's parent is PID 1, which may reap late or never).
   */
  public static boolean alive(long pid) {
    char state = state(pid);
    return state != 0 && state != 'Z' && state != 'X' && state != 'x';
  }

  /** The state letter of {@code /proc/PID/stat} (R, S, D, T, Z, ...), or 0 when there is no such process. */
  public static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // the command name is in parentheses and may contain spaces and parentheses itself
      int end = stat.lastIndexOf(") ");
      return end < 0 || end + 2 >= stat.length() ? 0 : stat.charAt(end + 2);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The argument vector of a running process, as the kernel has it. */
  public static List<String> commandLine(long pid) throws IOException {
    String raw = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
    return List.of(raw.split("\0"));
  }

  /** The pid of a daemon of this cluster while it runs (its pid file names a live process started for it), or -1. */
  public long runningPid(String daemon, String host) {
    try {
      long pid = pid(daemon, host);
      if (pid <= 0 || !alive(pid)) {
        return -1;
      }
      List<String> argv = commandLine(pid);
      boolean ours = argv.contains("-Dquern.conf.dir=" + confDir) && argv.contains("quern.daemon.host=" + host);
      return ours ? pid : -1;
    } catch (IOException | NumberFormatException e) {
      return -1; // no pid file yet, half written, or the process went away meanwhile
    }
  }

  /** Every process whose command line mentions this cluster's conf dir. */
  public List<ProcessHandle> processes() {
    String marker = confDir.toString();
    return ProcessHandle.allProcesses()
        .filter(ph -> ph.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .toList();
  }


  /** Stops everything this cluster started, scripts first, then SIGKILL for stragglers. */
  @Override
  public void close() throws Exception {
    try {
      run(Duration.ofSeconds(90), "bin/stop-all.sh");
    } finally {
      for (ProcessHandle ph : processes()) {
        ph.destroyForcibly();
      }
    }
  }

  public String tailLogs() {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> logs = Files.list(logDir())) {
      for (Path log : (Iterable<Path>) logs::iterator) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        b.append("==> ").append(log.getFileName()).append('\n');
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
      }
    } catch (IOException e) {
      b.append("(no logs: ").append(e.getMessage()).append(")");
    }
    return b.toString();
  }

  private static Path findHome() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin/quern"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the Quern home (a directory with bin/quern) above the working dir");
    }
    return p;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** What a command did. */
  public record Result(int exit, String out, String err, double seconds) {
    public Result ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      return this;
    }
  }
}
