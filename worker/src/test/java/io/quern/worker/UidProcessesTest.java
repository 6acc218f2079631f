package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A job's processes all die with it: whatever its task forked, detached or not, under its
 * task user id, is found and killed before the id goes to another job.
 */
class UidProcessesTest {
  private static final long UID = 1_900_600_001L;

  @Test
  void everyProcessOfAUserIdIsKilledForkedGrandchildrenIncluded() throws Exception {
    assumeTrue(ChildIdentities.isRoot(), "only root can run processes as another user id");
    // A "task" that forks two grandchildren, one in a new session ignoring SIGTERM and SIGHUP,
    // then exits: its parent is gone, as a destroyed child JVM's would be.
    Process task = new ProcessBuilder("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--",
        "sh", "-c", "trap '' TERM HUP; sleep 600 & setsid sh -c \"trap '' TERM HUP; sleep 600\" & exit 0")
        .inheritIO().start();
    assertEquals(0, task.waitFor());
    Wait.until("the two forked processes to run", Duration.ofSeconds(10), () -> UidProcesses.of(UID).size() >= 2);
    assertTrue(UidProcesses.killAll(UID, 5_000), "processes of the id survived: " + UidProcesses.of(UID));
    // (a killed process stays a zombie until its parent, PID 1 here, reaps it: not counted)
    assertEquals(List.of(), UidProcesses.of(UID));
  }

  @Test
  void anIdWithNoProcessesIsDoneAtOnce() throws Exception {
    assertEquals(List.of(), UidProcesses.of(1_900_600_002L));
    assertTrue(UidProcesses.killAll(1_900_600_002L, 0));
  }
}
