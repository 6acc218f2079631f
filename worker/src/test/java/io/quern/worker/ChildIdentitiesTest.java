package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildIdentitiesTest {
  @TempDir
  Path tmp;

  private static Configuration conf(String value) {
    Configuration c = new Configuration(false);
    if (value != null) {
      c.set(ChildIdentities.KEY, value);
    }
    return c;
  }

  /** Runs {@code script} as {@code id}; its exit code. */
  private static int runAs(ChildIdentities.Identity id, String script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(id.commandPrefix());
    cmd.addAll(List.of("sh", "-c", script, "sh"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  @Test
  void workerMeansTheWorkersOwnUser() throws Exception {
    ChildIdentities ids = ChildIdentities.resolve(conf("worker"), List.of());
    assertFalse(ids.switches());
    assertEquals(List.of(), ids.acquire().commandPrefix());
  }

  @Test
  void anExplicitUserThatCannotBeUsedStopsTheWorkerWithTheReason() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ChildIdentities.resolve(conf("no-such-user-quern"), List.of()));
    assertTrue(e.getMessage().contains(ChildIdentities.KEY + "=no-such-user-quern cannot be used: "), e.getMessage());
    assertTrue(e.getMessage().contains(ChildIdentities.isRoot() ? "there is no user no-such-user-quern"
        : "needs the worker to run as root"), e.getMessage());
  }

  @Test
  void aRangeTooSmallOrGarbledIsRefused() {
    for (String bad : List.of("5-10", "2000000-2000050", "x-y", "2000000", "-5-100")) {
      Configuration c = conf(null);
      c.set(ChildIdentities.RANGE_KEY, bad);
      assertThrows(ConfigurationException.class, () -> ChildIdentities.resolve(c, List.of()), bad);
    }
  }

  @Test
  void autoFallsBackToTheWorkersUserWhenAChildCouldNotReadWhatItNeeds() throws Exception {
    Path closed = Files.createDirectory(tmp.resolve("closed"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Path jar = Files.writeString(closed.resolve("some.jar"), "x");
    assertFalse(ChildIdentities.resolve(conf(null), List.of(jar)).switches());
  }

  @Test
  void eachJobRunsAsAUserIdOfItsOwnAndCannotReadAnothersFiles() throws Exception {
    assumeTrue(ChildIdentities.isRoot(), "only root can switch users");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = Files.writeString(tmp.resolve("some.jar"), "x");
    ChildIdentities ids = ChildIdentities.resolve(conf(null), List.of(jar, tmp));
    assumeTrue(ids.switches(), "a user id of the range cannot reach " + tmp + " on this host");
    ChildIdentities.Identity a = ids.acquire();
    ChildIdentities.Identity b = ids.acquire();
    assertNotEquals(a.commandPrefix(), b.commandPrefix());
    Path jobA = tmp.resolve("jobs/job_a");
    Path jobB = tmp.resolve("jobs/job_b");
    a.ownPrivately(jobA);
    b.ownPrivately(jobB);
    assertEquals(0, runAs(a, "echo map output > \"$1/file.out\"", jobA.toString()));
    assertEquals(0, runAs(a, "cat \"$1/file.out\"", jobA.toString()));
    assertNotEquals(0, runAs(b, "cat \"$1/file.out\"", jobA.toString()), "job b read job a's map output");
    assertNotEquals(0, runAs(b, "ls \"$1\"", jobA.toString()), "job b listed job a's directory");
    assertNotEquals(0, runAs(a, "touch \"$1/x\"", tmp.toString()), "a child wrote outside its job");
    // Once the job is over, its logs go back to the worker and its id may serve another job.
    a.disown(jobA);
    assertEquals(Files.getOwner(tmp), Files.getOwner(jobA.resolve("file.out")));
    assertEquals(Files.getAttribute(tmp, "unix:gid"), Files.getAttribute(jobA, "unix:gid"));
    a.release();
    b.release();
  }

  @Test
  void aRestartedWorkerDeletesTheJobsOfItsKilledRunAndTakesBackTheirLogs() throws Exception {
    assumeTrue(ChildIdentities.isRoot(), "only root can switch users");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    ChildIdentities ids = ChildIdentities.resolve(conf(null), List.of(tmp));
    assumeTrue(ids.switches(), "a user id of the range cannot reach " + tmp + " on this host");
    LocalDirs dirs = new LocalDirs(tmp.resolve("local"), tmp.resolve("logs"));
    ChildIdentities.Identity killedRunsJob = ids.acquire();
    killedRunsJob.ownPrivately(dirs.job("job_1"));
    killedRunsJob.ownPrivately(dirs.jobLogs("job_1"));
    assertEquals(0, runAs(killedRunsJob, "echo out > \"$1/file.out\" && echo log > \"$2/a.stderr\"",
        dirs.job("job_1").toString(), dirs.jobLogs("job_1").toString()));
    // The run is killed: its lock goes with it, and the id may serve another job.
    killedRunsJob.release();
    dirs.deleteJobsOfEarlierRun();
    ChildIdentities.reclaimLogsOfEarlierRun(dirs.logs());
    assertFalse(Files.exists(dirs.job("job_1")));
    assertEquals(Files.getOwner(tmp), Files.getOwner(dirs.jobLogs("job_1").resolve("a.stderr")));
    assertNotEquals(0, runAs(killedRunsJob, "cat \"$1/a.stderr\"", dirs.jobLogs("job_1").toString()),
        "the id, handed to another job, still reads the old job's logs");
  }

  @Test
  void aUserIdHeldByOneWorkerIsNotHandedToAnother() throws Exception {
    assumeTrue(ChildIdentities.isRoot(), "only root can switch users");
    Configuration c = conf(null);
    c.set(ChildIdentities.RANGE_KEY, "1900500000-1900500099");
    ChildIdentities ids = ChildIdentities.resolve(c, List.of());
    assumeTrue(ids.switches(), "cannot switch to a user id of the range on this host");
    List<ChildIdentities.Identity> held = new ArrayList<>();
    java.util.Set<List<String>> seen = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      ChildIdentities.Identity id = ids.acquire();
      held.add(id);
      assertTrue(seen.add(id.commandPrefix()), "handed out twice: " + id);
    }
    assertThrows(java.io.IOException.class, ids::acquire, "the range is used up");
    // Trying held ids again (as the last acquire did, 100 times) must not have dropped the locks
    // at the OS level: another worker process would then take them while this one holds them.
    java.util.Set<String> locked = lockedInodes();
    Path lockDir = Path.of(System.getProperty("java.io.tmpdir"), "quern-task-uids");
    for (int uid = 1900500000; uid <= 1900500099; uid++) {
      Object ino = Files.getAttribute(lockDir.resolve(uid + ".lock"), "unix:ino");
      assertTrue(locked.contains(ino.toString()), "the lock of user id " + uid + " is gone from /proc/locks");
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lockDir)),
        "tasks cannot open the lock files");
    held.get(0).release();
    ChildIdentities.Identity again = ids.acquire();
    assertEquals(held.get(0).commandPrefix(), again.commandPrefix());
    again.release();
    held.forEach(ChildIdentities.Identity::release);
  }

  /** Inodes of the files this process holds a POSIX lock on, as the kernel lists them. */
  private static java.util.Set<String> lockedInodes() throws java.io.IOException {
    String pid = Long.toString(ProcessHandle.current().pid());
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
      String[] f = line.trim().split("\\s+");
      // "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF"
      if (f.length >= 6 && f[1].equals("POSIX") && f[4].equals(pid)) {
        out.add(f[5].substring(f[5].lastIndexOf(':') + 1));
      }
    }
    return out;
  }
}
