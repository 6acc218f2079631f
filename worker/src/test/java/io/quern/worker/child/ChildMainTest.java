package io.quern.worker.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM does nothing before the worker binds it to a job: one whose pipe closes unbound
 * (a spare let go of) exits at once without a single call, one handed garbage exits saying so.
 */
class ChildMainTest {
  @TempDir
  Path dir;

  private Process child(String stdin) throws Exception {
    Path conf = dir.resolve("worker-conf.xml");
    Files.writeString(conf, "<?xml version=\"1.0\"?><configuration></configuration>\n");
    // Port 1 on loopback: nothing listens, so any call it made would fail and say so.
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ChildMain.class.getName(), "127.0.0.1:1", "child_test_1",
        dir.resolve("local").toString(), dir.resolve("logs").toString(), "1", conf.toString()))
        .redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
    return p;
  }

  @Test
  void anUnboundChildExitsWithoutCallingAnyone() throws Exception {
    Process p = child("");
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), said);
    assertTrue(!said.contains("cannot reach"), said);
  }

  @Test
  void aChildHandedGarbageExitsSayingSo() throws Exception {
    Process p = child("secret c2VjcmV0\n");
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.exitValue(), said);
    assertTrue(said.contains("cannot read its binding from the worker"), said);
  }
}
