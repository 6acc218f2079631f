package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The operating-system user child task JVMs run as ({@value #KEY}). A child running as the
 * worker's own user could read whatever the worker can, the cluster secret file included, so a
 * worker started as root runs its children as an unprivileged user instead, switching with
 * {@code setpriv} (util-linux) as Hadoop's LinuxTaskController does with its setuid helper.
 * The child then writes only where the worker made room for it: the job directories, the
 * attempt logs and the rehearsal scratch directory, which this class hands to that user.
 *
 * <p>Values: {@code auto} (default) is {@code nobody} when the worker runs as root and that user
 * can read the installation (java, the class path, the logging configuration), else the
 * worker's own user, with a warning; {@code worker} is always the worker's own user; any other
 * value names the user, and the worker refuses to start if it cannot switch to it.
 */
final class ChildUser {
  static final String KEY = "mapred.child.run.as.user";
  static final String AUTO = "auto";
  static final String WORKER = "worker";
  private static final String AUTO_USER = "nobody";
  private static final Logger LOG = LogManager.getLogger(ChildUser.class);

  /** Null when children run as the worker's own user. */
  private final String user;
  private final String group;

  private ChildUser(String user, String group) {
    this.user = user;
    this.group = group;
  }

  static ChildUser sameAsWorker() {
    return new ChildUser(null, null);
  }

  /**
   * The user {@code conf} asks for, checked: it exists, this process may switch to it, and it
   * can read every file of {@code mustRead} (a child cannot start otherwise).
   *
   * @throws ConfigurationException when a user named explicitly cannot be used, saying why
   */
  static ChildUser resolve(Configuration conf, List<Path> mustRead) {
    String wanted = conf.get(KEY, AUTO).trim();
    if (wanted.isEmpty() || wanted.equals(WORKER)) {
      return sameAsWorker();
    }
    boolean auto = wanted.equals(AUTO);
    String user = auto ? AUTO_USER : wanted;
    String problem = problem(user, mustRead);
    if (problem == null) {
      LOG.info("child task JVMs run as {}:{}", user, primaryGroup(user));
      return new ChildUser(user, primaryGroup(user));
    }
    if (!auto) {
      throw new ConfigurationException(KEY + "=" + wanted + " cannot be used: " + problem);
    }
    LOG.warn("child task JVMs run as the worker's own user, so a task can read the worker's files, the cluster"
        + " secret included: {} (set {} to silence this, or run the worker as root)", problem, KEY);
    return sameAsWorker();
  }

  /** Why children cannot run as {@code user}, or null if they can. */
  private static String problem(String user, List<Path> mustRead) {
    if (!isRoot()) {
      return "switching children to user " + user + " needs the worker to run as root";
    }
    if (primaryGroup(user) == null) {
      return "there is no user " + user + " on this host";
    }
    List<String> probe = new ArrayList<>(prefix(user, primaryGroup(user)));
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
      return text.startsWith("/") ? "user " + user + " cannot read " + text
          : "switching to user " + user + " failed: " + (text.isEmpty() ? "setpriv exited " + out.exit : text);
    }
    return null;
  }

  /** Whether children run as a user of their own. */
  boolean switches() {
    return user != null;
  }

  /** What goes before the child's command line: the switch to its user, if any. */
  List<String> commandPrefix() {
    return user == null ? List.of() : prefix(user, group);
  }

  private static List<String> prefix(String user, String group) {
    // No new privileges: a setuid program the task runs cannot take back what was dropped.
    return List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups", "--no-new-privs", "--");
  }

  /** Creates {@code dir} if needed and makes it the child user's, so children can write in it. */
  void ownDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (user == null) {
      return;
    }
    UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal owner = lookup.lookupPrincipalByName(user);
    GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
    PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
    if (!owner.equals(view.getOwner())) {
      view.setOwner(owner);
      view.setGroup(g);
    }
  }

  @Override
  public String toString() {
    return user == null ? "the worker's own user" : user + ":" + group;
  }

  static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
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
