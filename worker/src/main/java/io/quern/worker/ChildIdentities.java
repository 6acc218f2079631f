package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The operating-system identities child task JVMs run as ({@code mapred.child.run.as.user}). A child running as
 * the worker's own user could read whatever the worker can, the cluster secret file included;
 * children sharing one user could read each other's map outputs on disk and signal or trace
 * each other. So a worker started as root gives each job its own user id, picked from
 * {@code mapred.child.uid.range} and held host-wide by a lock file (the workers of a host share the range),
 * and switches to it with {@code setpriv} (util-linux), as Hadoop's LinuxTaskController does
 * with its setuid helper. A child writes only where the worker made room for it: its job's
 * directory and log directory, made the job's and closed to everyone else, and the rehearsal
 * scratch directory, open to all like /tmp.
 *
 * <p>Values: {@code auto} (default) is a user id per job when the worker runs as root and such a
 * user can read the installation (java, the class path, the logging configuration), else the
 * worker's own user, with a warning; {@code worker} is always the worker's own user; any other
 * value names one user for every child (Hadoop's non-secure local user), and the worker refuses
 * to start if it cannot switch to it.
 */
final class ChildIdentities {
  static final String KEY = WorkerKeys.CHILD_RUN_AS_USER.name();
  static final String RANGE_KEY = WorkerKeys.CHILD_UID_RANGE.name();
  static final String AUTO = "auto";
  static final String WORKER = "worker";
  private static final Logger LOG = LogManager.getLogger(ChildIdentities.class);
  private static final long LOCK_WINDOW = 10_000;
  /** This process, whose owner is the worker's user. */
  private static final Path SELF = Path.of("/proc/self");
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> SHARED_SCRATCH =
      PosixFilePermissions.fromString("rwxrwxrwx");

  /** Who a child runs as; {@link #release} lets another job have it. */
  interface Identity {
    /** What goes before the child's command line: the switch to this identity, if any. */
    List<String> commandPrefix();

    /** Creates {@code dir} if needed and makes it this identity's alone. */
    void ownPrivately(Path dir) throws IOException;

    /** Gives {@code dir} and everything in it back to the worker's user. */
    void disown(Path dir) throws IOException;

    /**
     * Kills every process running as this identity when it is the job's own (a per-job user id),
     * waiting until none is left: true then, or when the identity is shared and cannot be judged.
     */
    default boolean killAll() throws InterruptedException {
      return true;
    }

    void release();
  }

  private enum Mode { WORKER, NAMED, PER_JOB }

  // Immutable: set at construction.
  private final Mode mode;
  private final String user;
  private final String group;
  private final long lowUid;
  private final long highUid;
  private final Path lockDir;

  private ChildIdentities(Mode mode, String user, String group, long lowUid, long highUid, Path lockDir) {
    this.mode = mode;
    this.user = user;
    this.group = group;
    this.lowUid = lowUid;
    this.highUid = highUid;
    this.lockDir = lockDir;
  }

  static ChildIdentities sameAsWorker() {
    return new ChildIdentities(Mode.WORKER, null, null, 0, 0, null);
  }

  /**
   * The identities {@code conf} asks for, checked: this process may switch users, and the user
   * (or, per job, the range's first id) can read every file of {@code mustRead}, which a child
   * needs to start.
   *
   * @throws ConfigurationException when what is named explicitly cannot be used, saying why
   */
  static ChildIdentities resolve(Configuration conf, List<Path> mustRead) {
    String wanted = WorkerKeys.CHILD_RUN_AS_USER.get(conf);
    if (wanted.isEmpty() || wanted.equals(WORKER)) {
      return sameAsWorker();
    }
    if (!wanted.equals(AUTO)) {
      String group = primaryGroup(wanted);
      String problem = !isRoot() ? "switching children to user " + wanted + " needs the worker to run as root"
          : group == null ? "there is no user " + wanted + " on this host"
          : probe(namedPrefix(wanted, group), "user " + wanted, mustRead);
      if (problem != null) {
        throw new ConfigurationException(KEY + "=" + wanted + " cannot be used: " + problem);
      }
      LOG.info("child task JVMs run as {}:{}", wanted, group);
      return new ChildIdentities(Mode.NAMED, wanted, group, 0, 0, null);
    }
    long[] range = range(conf);
    String problem = !isRoot() ? "giving each job a user id of its own needs the worker to run as root"
        : probe(uidPrefix(range[0]), "user id " + range[0], mustRead);
    if (problem != null) {
      LOG.warn("child task JVMs run as the worker's own user, so a task can read the worker's files, the cluster"
          + " secret included, and other jobs' map outputs: {} (set {}={} to silence this)", problem, KEY, WORKER);
      return sameAsWorker();
    }
    Path lockDir = Path.of(System.getProperty("java.io.tmpdir"), "quern-task-uids");
    LOG.info("child task JVMs run as a user id of their job's own, from {}", WorkerKeys.CHILD_UID_RANGE.get(conf));
    return new ChildIdentities(Mode.PER_JOB, null, null, range[0], range[1], lockDir);
  }

  private static long[] range(Configuration conf) {
    String r = WorkerKeys.CHILD_UID_RANGE.get(conf);
    String[] ends = r.split("-");
    try {
      long low = Long.parseLong(ends[0].trim());
      long high = Long.parseLong(ends[1].trim());
      if (ends.length == 2 && low >= 1000 && high >= low + 99 && high < Integer.MAX_VALUE) {
        return new long[] {low, high};
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw conf.bad(RANGE_KEY, r, "a range of at least 100 user ids such as "
        + WorkerKeys.CHILD_UID_RANGE.declaredDefault());
  }

  /** Whether children run as someone else than the worker. */
  boolean switches() {
    return mode != Mode.WORKER;
  }

  /** An identity for a new child: its job's from now on, or a spare's until a job adopts it. */
  Identity acquire() throws IOException {
    return switch (mode) {
      case WORKER -> new SameAsWorker();
      case NAMED -> new Named();
      case PER_JOB -> acquireUid();
    };
  }

  /**
   * One channel per lock file for the JVM's life: closing any channel on a file drops every lock
   * the process holds on it, so a second channel opened and closed on a held id's file (another
   * worker of this JVM trying it) must never exist. Guarded by the class.
   */
  private static final java.util.Map<Path, FileChannel> LOCK_CHANNELS = new java.util.HashMap<>();
  /** Lock files whose lock this JVM holds. Guarded by the class. */
  private static final java.util.Set<Path> HELD = new java.util.HashSet<>();

  private Identity acquireUid() throws IOException {
    // Root's alone: a task must not open a lock file, let alone take the lock of an id.
    io.quern.util.PrivatePaths.privateDir(lockDir, "the directory of the task user id locks");
    long span = highUid - lowUid + 1;
    // A random start keeps a worker that was just killed from having its ids, which its orphaned
    // children may hold a few seconds more, handed out again at once; a bounded window keeps the
    // lock files (never deleted: deleting a lock file races with its next taker) few.
    long start = ThreadLocalRandom.current().nextLong(Math.min(span, LOCK_WINDOW));
    for (long i = 0; i < Math.min(span, 1000); i++) {
      long uid = lowUid + (start + i) % span;
      Path file = lockDir.resolve(uid + ".lock");
      synchronized (ChildIdentities.class) {
        if (HELD.contains(file)) {
          continue; // another worker in this JVM holds it
        }
        FileChannel ch = LOCK_CHANNELS.get(file);
        if (ch == null) {
          ch = io.quern.util.PrivatePaths.openForWrite(file);
          LOCK_CHANNELS.put(file, ch);
        }
        FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock != null) {
          HELD.add(file);
          return new Uid(uid, lock, file);
        }
      }
    }
    throw new IOException("no free user id for a child JVM in " + lowUid + "-" + highUid + " (locks in " + lockDir + ")");
  }

  private static final class SameAsWorker implements Identity {
    @Override
    public List<String> commandPrefix() {
      return List.of();
    }

    @Override
    public void ownPrivately(Path dir) throws IOException {
      Files.createDirectories(dir);
    }

    @Override
    public void disown(Path dir) {}

    @Override
    public void release() {}
  }

  private final class Named implements Identity {
    @Override
    public List<String> commandPrefix() {
      return namedPrefix(user, group);
    }

    @Override
    public void ownPrivately(Path dir) throws IOException {
      chown(dir, user, group, false);
    }

    @Override
    public void disown(Path dir) {}

    @Override
    public void release() {}
  }

  private static final class Uid implements Identity {
    private final long uid;
    private final FileLock lock;
    private final Path file;

    Uid(long uid, FileLock lock, Path file) {
      this.uid = uid;
      this.lock = lock;
      this.file = file;
    }

    @Override
    public List<String> commandPrefix() {
      return uidPrefix(uid);
    }

    @Override
    public void ownPrivately(Path dir) throws IOException {
      chown(dir, Long.toString(uid), Long.toString(uid), true);
    }

    @Override
    public void disown(Path dir) throws IOException {
      giveBackToWorker(dir);
    }

    @Override
    public boolean killAll() throws InterruptedException {
      return UidProcesses.killAll(uid, 5_000);
    }

    @Override
    public void release() {
      synchronized (ChildIdentities.class) {
        try {
          lock.release(); // the channel stays open: closing it would drop other locks on the file too
        } catch (IOException e) {
          LOG.debug("releasing the lock of user id {}: {}", uid, e.toString());
        }
        HELD.remove(file);
      }
    }

    @Override
    public String toString() {
      return "uid " + uid;
    }
  }

  /**
   * Gives back to the worker's user the job log directories under {@code logs} that a killed
   * earlier run left owned by task user ids, which may be handed to other jobs now.
   */
  static void reclaimLogsOfEarlierRun(Path logs) throws IOException {
    if (!Files.isDirectory(logs)) {
      return;
    }
    Object me = Files.getAttribute(SELF, "unix:uid");
    try (var jobs = Files.list(logs)) {
      for (Path job : jobs.toList()) {
        if (!me.equals(Files.getAttribute(job, "unix:uid"))) {
          giveBackToWorker(job);
        }
      }
    }
  }

  /** Makes {@code dir} and everything in it the worker's user's and group's. */
  static void giveBackToWorker(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
    var me = lookup.lookupPrincipalByName(Files.getAttribute(SELF, "unix:uid").toString());
    var myGroup = lookup.lookupPrincipalByGroupName(Files.getAttribute(SELF, "unix:gid").toString());
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        // A link the task planted is given back itself (lchown); what it points at is not touched.
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
            java.nio.file.LinkOption.NOFOLLOW_LINKS);
        view.setOwner(me);
        view.setGroup(myGroup);
      }
    }
  }

  private static void chown(Path dir, String user, String group, boolean close) throws IOException {
    Files.createDirectories(dir);
    UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
    view.setOwner(lookup.lookupPrincipalByName(user)); // a number works too: the JDK takes it as the id
    view.setGroup(lookup.lookupPrincipalByGroupName(group));
    if (close) {
      view.setPermissions(PRIVATE);
    }
  }

  /** Makes {@code dir} writable by every child, each keeping to its own files, like /tmp. */
  static void shareAsScratch(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, SHARED_SCRATCH);
    // No sticky bit through java.nio: set it the portable way.
    run(List.of("chmod", "+t", dir.toString()));
  }

  private static List<String> namedPrefix(String user, String group) {
    // No new privileges: a setuid program the task runs cannot take back what was dropped.
    return List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups", "--no-new-privs", "--");
  }

  private static List<String> uidPrefix(long uid) {
    return List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs", "--");
  }

  /** Why a child started with {@code prefix} could not start, or null if it could. */
  private static String probe(List<String> prefix, String who, List<Path> mustRead) {
    List<String> probe = new ArrayList<>(prefix);
    // Directories must be searchable too: a child's working directory is under the worker's.
    probe.addAll(List.of("sh", "-c", "for f; do if [ -d \"$f\" ]; then [ -r \"$f\" ] && [ -x \"$f\" ];"
        + " else [ -r \"$f\" ]; fi || { echo \"$f\"; exit 1; }; done", "probe"));
    mustRead.forEach(p -> probe.add(p.toString()));
    Output out = run(probe);
    if (out == null) {
      return "setpriv (util-linux) could not be run";
    }
    if (out.exit != 0) {
      String text = out.text.trim();
      return text.startsWith("/") ? who + " cannot read " + text
          : "switching to " + who + " failed: " + (text.isEmpty() ? "setpriv exited " + out.exit : text);
    }
    return null;
  }

  static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(SELF, "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The name of {@code user}'s primary group, or null when there is no such user. */
  private static String primaryGroup(String user) {
    Output out = run(List.of("id", "-gn", "--", user));
    return out == null || out.exit != 0 || out.text.isBlank() ? null : out.text.trim();
  }

  private record Output(int exit, String text) {}

  private static Output run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] text = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return new Output(p.exitValue(), new String(text, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
