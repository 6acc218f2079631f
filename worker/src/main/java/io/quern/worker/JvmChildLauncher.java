package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.security.SecretFile;
import io.quern.security.Security;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts child JVMs: {@code ChildMain} on the worker's class path, with the options of the
 * worker's JVM that children share, the job's options, and an environment without the
 * cluster secret; as the job's identity, with stdout and stderr in the worker's own directory.
 */
final class JvmChildLauncher implements ChildLauncher {
  /**
   * Options of the worker's own JVM that its children take too, before the job's: the class
   * data archive (children then map the classes instead of loading them, which is most of a
   * child's start), where JVM warnings go, the JIT's early compile of the crypto provider (see
   * quern-config.sh), and the logging configuration.
   */
  private static final List<String> INHERITED_JVM_OPTS = inheritedJvmOpts();
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> READABLE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");

  private final Configuration conf;
  private final LocalDirs dirs;
  private final String workerEndpoint;
  private final int threadsPerChild;
  private final boolean switchesUser;
  /** Strings that name the cluster secret: no child sees an environment variable holding one. */
  private final List<String> secretMarkers;
  /** The rehearsal scratch directory is open to every child's identity; guarded by this. */
  private boolean scratchShared;
  /** Whether the directory of child JVMs' stdout and stderr was made the worker's own; guarded by this. */
  private boolean childStreamsReady;

  JvmChildLauncher(Configuration conf, LocalDirs dirs, String workerEndpoint, int threadsPerChild,
      boolean switchesUser) {
    this.conf = conf;
    this.dirs = dirs;
    this.workerEndpoint = workerEndpoint;
    this.threadsPerChild = threadsPerChild;
    this.switchesUser = switchesUser;
    this.secretMarkers = Security.enabled(conf)
        ? List.of(SecretFile.path(conf).toString(), SecretFile.path(conf).toAbsolutePath().normalize().toString())
        : List.of();
  }

  @Override
  public JobChild newChild(String childId) {
    return new JobChild(null, childId, dirs.childStreams().resolve(childId + ".stdout"),
        dirs.childStreams().resolve(childId + ".stderr"));
  }

  @Override
  public synchronized void start(JobChild child, String childOpts, ChildIdentities.Identity identity)
      throws IOException {
    String childId = child.childId;
    List<String> cmd = new ArrayList<>(identity.commandPrefix());
    cmd.add(JAVA.toString());
    cmd.addAll(INHERITED_JVM_OPTS);
    for (String opt : childOpts.split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt.replace("@taskid@", childId));
      }
    }
    // A child out of memory exits at once, failing its attempts, rather than limping on.
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Dquern.log.level=" + WorkerKeys.CHILD_LOG_LEVEL.get(conf));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.quern.worker.child.ChildMain");
    cmd.add(workerEndpoint);
    cmd.add(childId);
    cmd.add(dirs.root().toString());
    cmd.add(dirs.logs().toString());
    cmd.add(Integer.toString(threadsPerChild));
    cmd.add(workerConfFile().toString());
    // Opened by the worker before the child switches user: in the worker's own directory.
    Path stdout = child.stdout;
    Path stderr = child.stderr;
    if (!childStreamsReady) {
      io.quern.util.PrivatePaths.privateDir(dirs.childStreams(), "the worker's child log directory");
      childStreamsReady = true;
    }
    Files.createDirectories(dirs.root());
    if (switchesUser && !scratchShared) {
      ChildIdentities.shareAsScratch(dirs.rehearsals());
      scratchShared = true;
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.PIPE) // the binding comes this way, see ChildBinding
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .directory(dirs.root().toFile());
    ChildConf.scrubEnvironment(pb.environment(), secretMarkers);
    // Inherited by its tasks' programs and all they fork: they are found and stopped when the child ends.
    pb.environment().put(io.quern.streaming.TaskProcesses.CHILD_VARIABLE, childId);
    child.started(pb.start());
  }

  /**
   * The worker's own configuration as a file, written once: children see the settings the
   * worker was started with (ZooKeeper, file system, security), whether they came from site
   * files, -D options or code; but not where the cluster secret is (see {@link ChildConf}).
   */
  private Path workerConfFile() throws IOException {
    Path file = dirs.root().resolve("worker-conf.xml");
    if (!Files.exists(file)) {
      Files.createDirectories(dirs.root());
      Path tmp = Files.createTempFile(dirs.root(), "worker-conf", ".tmp");
      Configuration forChildren = new Configuration(conf);
      ChildConf.withoutSecret(forChildren);
      try (var out = Files.newOutputStream(tmp)) {
        forChildren.writeXml(out);
      }
      Files.setPosixFilePermissions(tmp, READABLE); // by a child running as another user
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return file;
  }


  private static List<String> inheritedJvmOpts() {
    List<String> out = new ArrayList<>();
    for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-Xlog:")
          || arg.startsWith("-XX:CompileCommand=") || arg.startsWith("-Dlog4j2.configurationFile=")) {
        out.add(arg);
      }
    }
    return List.copyOf(out);
  }


  /**
   * What a child must be able to read to start: the java launcher, the class path, and the
   * files the inherited options name (class data archive, logging configuration).
   */
  static List<Path> childStartFiles() {
    List<Path> out = new ArrayList<>(List.of(JAVA));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      // An entry that does not exist is skipped by the JVM too.
      if (!entry.isEmpty() && Files.exists(Path.of(entry))) {
        out.add(Path.of(entry));
      }
    }
    for (String opt : INHERITED_JVM_OPTS) {
      int eq = opt.indexOf('=');
      if (opt.startsWith("-XX:SharedArchiveFile=") || opt.startsWith("-Dlog4j2.configurationFile=")) {
        out.add(Path.of(opt.substring(eq + 1)));
      }
    }
    return out;
  }
}
