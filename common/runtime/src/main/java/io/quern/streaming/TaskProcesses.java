package io.quern.streaming;

import io.quern.mapreduce.MapredKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The processes a task started, found and stopped as a whole, however they forked. A streaming
 * program runs in a session of its own (util-linux {@code setsid}) and carries a tag in its
 * environment, which its forks inherit: {@value #PROCESS_VARIABLE} names its attempt, and {@value
 * #CHILD_VARIABLE} the child JVM it ran under. A fork that leaves the session keeps the tag, and
 * one that clears its environment stays in the session; one that does both is left to the end of
 * its job, when the worker kills every process of the job's user id.
 *
 * <p>Stopping is SIGTERM to every process found, a grace period for them to exit, then SIGKILL
 * until none is left, searching again each round so that a process forked meanwhile is caught.
 * Found through Linux's {@code /proc}; where there is none, only what a caller holds a handle of.
 */
public final class TaskProcesses {
  /** Environment variable {@code ATTEMPT/ROLE-N}: the attempt and which of its programs. */
  public static final String PROCESS_VARIABLE = "QUERN_TASK_PROCESS";
  /** Environment variable naming the child JVM the program ran under: its tasks' programs die with it. */
  public static final String CHILD_VARIABLE = "QUERN_CHILD_ID";
  /** Hadoop 1's name for the time between SIGTERM and SIGKILL. */
  public static final String GRACE_KEY = MapredKeys.TASK_KILL_GRACE.name();
  /** How long SIGKILL is repeated before the processes are declared unkillable. */
  public static final long KILL_MILLIS = 5_000;

  private static final Path PROC = Path.of("/proc");
  /** Immutable (List.of), set by class initialization. */
  private static final List<String> SESSION_LAUNCHER = sessionLauncher();

  private TaskProcesses() {}

  /** Whether processes can be found by tag and session here (Linux). */
  public static boolean searchable() {
    return Files.isDirectory(PROC.resolve("self"));
  }

  /**
   * What to put before a program's argument vector to start it in a new session: {@code
   * setsid --wait} when util-linux's setsid is on the PATH (it then execs the program itself, so
   * the program's pid is the session's id), else nothing.
   */
  static List<String> launcher() {
    return SESSION_LAUNCHER;
  }

  private static List<String> sessionLauncher() {
    String path = System.getenv("PATH");
    if (path == null || !searchable()) {
      return List.of();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid"))) {
        return List.of(Path.of(dir, "setsid").toString(), "--wait");
      }
    }
    return List.of();
  }

  /** A predicate on tag values: the programs of one attempt. */
  public static Predicate<String> ofAttempt(String attemptId) {
    return v -> v.startsWith(attemptId + "/");
  }

  /**
   * Stops every process whose environment has {@code variable} with a value {@code value}
   * accepts, and every process in the sessions they are in (but never this process's own
   * session: a program started without setsid shares it with the child JVM and the worker).
   *
   * @return true when none is left, false when some survived SIGKILL for {@link #KILL_MILLIS}
   */
  public static boolean stop(String variable, Predicate<String> value, long graceMillis)
      throws InterruptedException {
    if (!searchable()) {
      return true;
    }
    Search search = new Search(variable, value);
    Set<Long> signalled = new HashSet<>();
    long start = System.nanoTime();
    long graceEnd = start + graceMillis * 1_000_000;
    long killEnd = graceEnd + KILL_MILLIS * 1_000_000;
    while (true) {
      Set<Long> found = search.run();
      if (found.isEmpty()) {
        return true;
      }
      long now = System.nanoTime();
      if (now > killEnd) {
        return false;
      }
      boolean force = now >= graceEnd;
      for (long pid : found) {
        if (force || signalled.add(pid)) {
          ProcessHandle.of(pid).ifPresent(force ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        }
      }
      Thread.sleep(force ? 10 : 20);
    }
  }

  /** Pids of the live processes a tag matches (zombies excluded), without their sessions. */
  public static Set<Long> tagged(String variable, Predicate<String> value) {
    Search search = new Search(variable, value);
    search.followSessions = false;
    return search.run();
  }

  /** One scan of /proc per round; sessions found stay followed, since a session outlives its leader. */
  private static final class Search {
    // Confined to the thread that runs the search (a Search lives within one stop or tagged call).
    private final byte[] prefix;
    private final Predicate<String> value;
    private final long self = ProcessHandle.current().pid();
    private final long ownSession;
    private final Set<Long> sessions = new HashSet<>();
    boolean followSessions = true;

    Search(String variable, Predicate<String> value) {
      this.prefix = (variable + "=").getBytes(StandardCharsets.UTF_8);
      this.value = value;
      Stat own = stat(self);
      this.ownSession = own == null ? -1 : own.session;
    }

    Set<Long> run() {
      Set<Long> found = new HashSet<>();
      try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
        for (Path p : procs) {
          long pid = Long.parseLong(p.getFileName().toString());
          Stat s = pid == self ? null : stat(pid);
          if (s == null || s.zombie) {
            continue;
          }
          if (sessions.contains(s.session) || tagged(p.resolve("environ"))) {
            found.add(pid);
            if (followSessions && s.session > 0 && s.session != ownSession) {
              sessions.add(s.session);
            }
          }
        }
      } catch (IOException e) {
        // /proc unreadable: nothing found, as where there is none
      }
      return found;
    }

    private boolean tagged(Path environ) {
      byte[] env;
      try {
        env = Files.readAllBytes(environ);
      } catch (IOException | SecurityException e) {
        return false; // gone, or another user's
      }
      int start = 0;
      for (int i = 0; i <= env.length; i++) {
        if (i == env.length || env[i] == 0) {
          if (matches(env, start, i)) {
            return true;
          }
          start = i + 1;
        }
      }
      return false;
    }

    private boolean matches(byte[] env, int from, int to) {
      if (to - from < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (env[from + i] != prefix[i]) {
          return false;
        }
      }
      return value.test(new String(env, from + prefix.length, to - from - prefix.length, StandardCharsets.UTF_8));
    }
  }

  private record Stat(boolean zombie, long session) {}

  /** The state and session of a process from {@code /proc/PID/stat}; null when it is gone. */
  private static Stat stat(long pid) {
    String line;
    try {
      line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    // "PID (COMM) STATE PPID PGRP SESSION ...": COMM may hold spaces and parentheses.
    int close = line.lastIndexOf(')');
    if (close < 0) {
      return null;
    }
    String[] f = line.substring(close + 1).trim().split(" ");
    if (f.length < 4) {
      return null;
    }
    try {
      return new Stat(f[0].equals("Z") || f[0].equals("X"), Long.parseLong(f[3]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isPid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
