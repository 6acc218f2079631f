package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A short run of the chaos suite through the command a user runs, {@code bin/quern chaos
 * ROUNDS SEED}: three seeded rounds of a small wordcount, each with a random fault (seed 2
 * draws a master pause past its session, a worker kill and a NameNode restart).
 */
class ChaosIT {
  private static final int ROUNDS = 3;

  @Test
  void threeSeededRoundsOfRandomFaultsPass() throws Exception {
    Path work = PseudoCluster.HOME.resolve("examples/target/chaos");
    Path out = PseudoCluster.HOME.resolve("examples/target/chaos.out");
    Files.createDirectories(out.getParent());
    ProcessBuilder pb = new ProcessBuilder(PseudoCluster.HOME.resolve("bin/quern").toString(), "chaos",
        Integer.toString(ROUNDS), "2")
        .directory(PseudoCluster.HOME.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("BENCH_TMP", work.toString());
    pb.environment().put("BENCH_BASE_PORT", Integer.toString(PseudoCluster.portBase(18810)));
    pb.environment().put("CHAOS_MB", "6");
    Process p = pb.start();
    boolean ended = p.waitFor(600, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
      // The script's own clean-up did not run: stop its cluster.
      ProcessBuilder stop = new ProcessBuilder(PseudoCluster.HOME.resolve("bin/stop-all.sh").toString())
          .directory(PseudoCluster.HOME.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      stop.environment().put("QUERN_CONF_DIR", work.resolve("conf").toString());
      stop.start().waitFor(90, TimeUnit.SECONDS);
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    System.out.print(text);
    assertTrue(ended, "the chaos run did not end in 600 s:\n" + text);
    assertTrue(text.lines().anyMatch(l -> l.equals(ROUNDS + " passed, 0 failed")), text);
    assertTrue(text.lines().noneMatch(l -> l.contains("(job ended first)")), "a fault came after its job:\n" + text);
    assertEquals(0, p.exitValue(), text);
  }
}
