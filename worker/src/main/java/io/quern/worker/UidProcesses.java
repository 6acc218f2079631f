package io.quern.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes running as one user id, from {@code /proc}. A job's task user id is its own, so
 * every process with it belongs to the job: the child JVM and whatever its tasks forked
 * (which {@code destroyForcibly} of the child does not reach). They must all be gone before the
 * id goes to another job, or a leftover would read that job's files with its token.
 */
final class UidProcesses {
  private static final Path PROC = Path.of("/proc");

  private UidProcesses() {}

  /** Pids whose real or effective user id is {@code uid}, zombies excluded. */
  static List<Long> of(long uid) {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
      for (Path p : procs) {
        if (runsAs(p.resolve("status"), uid)) {
          out.add(Long.parseLong(p.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      // /proc unreadable: no process is seen, and killAll says so by finding none to kill
    }
    return out;
  }

  /**
   * SIGKILLs every process of {@code uid} again and again (a process may fork while it is being
   * killed) until none is left or {@code timeoutMillis} has passed.
   *
   * @return true when none is left
   */
  static boolean killAll(long uid, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (true) {
      List<Long> left = of(uid);
      if (left.isEmpty()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      for (long pid : left) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      Thread.sleep(20);
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

  /** Whether a {@code /proc/PID/status} names {@code uid} as its real or effective id, and is no zombie. */
  private static boolean runsAs(Path status, long uid) {
    try {
      boolean zombie = false;
      boolean matches = false;
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("State:")) {
          zombie = line.contains("Z (zombie)") || line.contains("X (dead)");
        } else if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          matches = f.length >= 2 && (f[0].equals(Long.toString(uid)) || f[1].equals(Long.toString(uid)));
        }
      }
      return matches && !zombie;
    } catch (IOException | RuntimeException e) {
      return false; // gone meanwhile
    }
  }
}
