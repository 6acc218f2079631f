package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildUserTest {
  @TempDir
  Path tmp;

  private static Configuration conf(String value) {
    Configuration c = new Configuration(false);
    if (value != null) {
      c.set(ChildUser.KEY, value);
    }
    return c;
  }

  @Test
  void workerMeansTheWorkersOwnUser() {
    ChildUser u = ChildUser.resolve(conf("worker"), List.of());
    assertFalse(u.switches());
    assertEquals(List.of(), u.commandPrefix());
  }

  @Test
  void anExplicitUserThatCannotBeUsedStopsTheWorkerWithTheReason() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ChildUser.resolve(conf("no-such-user-quern"), List.of()));
    assertTrue(e.getMessage().contains(ChildUser.KEY + "=no-such-user-quern cannot be used: "), e.getMessage());
    assertTrue(e.getMessage().contains(ChildUser.isRoot() ? "there is no user no-such-user-quern"
        : "needs the worker to run as root"), e.getMessage());
  }

  @Test
  void autoFallsBackToTheWorkersUserWhenNobodyCannotReadWhatAChildNeeds() throws Exception {
    Path closed = Files.createDirectory(tmp.resolve("closed"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Path jar = Files.writeString(closed.resolve("some.jar"), "x");
    assertFalse(ChildUser.resolve(conf(null), List.of(jar)).switches());
  }

  @Test
  void autoRunsChildrenAsNobodyAndHandsThemTheirDirectories() throws Exception {
    assumeTrue(ChildUser.isRoot(), "only root can switch users");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = Files.writeString(tmp.resolve("some.jar"), "x");
    ChildUser u = ChildUser.resolve(conf(null), List.of(jar, tmp));
    assumeTrue(u.switches(), "nobody cannot reach " + tmp + " on this host");
    assertEquals("setpriv", u.commandPrefix().get(0));
    assertTrue(u.commandPrefix().contains("--reuid=nobody"), u.commandPrefix().toString());
    Path jobDir = tmp.resolve("jobs/job_1");
    u.ownDirectory(jobDir);
    assertEquals("nobody", Files.getOwner(jobDir).getName());
    // The switched child can write there and nowhere the worker did not hand it.
    List<String> write = new java.util.ArrayList<>(u.commandPrefix());
    write.addAll(List.of("sh", "-c", "touch \"$1/out\" && ! touch \"$2/out\"", "w", jobDir.toString(), tmp.toString()));
    Process p = new ProcessBuilder(write).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), said);
    assertTrue(Files.exists(jobDir.resolve("out")));
  }
}
