package io.quern.net;

import static io.quern.net.NetworkTopology.DEFAULT_RACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import io.quern.testutil.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptBasedMappingTest {
  @TempDir Path dir;

  @Test
  void splitsHostsIntoBatchesOfNumberArgs() throws Exception {
    Path runs = dir.resolve("runs");
    Path script = Scripts.write(dir, "racks.sh",
        "echo \"$#\" >> '" + runs + "'",
        "for h in \"$@\"; do echo \"/dc1/rack-$h\"; done");
    Configuration conf = new Configuration(false);
    conf.set(ScriptBasedMapping.SCRIPT_KEY, script.toString());
    conf.setInt(ScriptBasedMapping.MAX_ARGS_KEY, 2);

    List<String> racks = ScriptBasedMapping.fromConf(conf).resolve(List.of("a", "b", "c", "d", "e"));

    assertEquals(List.of("/dc1/rack-a", "/dc1/rack-b", "/dc1/rack-c", "/dc1/rack-d", "/dc1/rack-e"), racks);
    assertEquals(List.of("2", "2", "1"), Scripts.lines(runs));
  }

  @Test
  void acceptsWhitespaceSeparatedRacksAndNormalizesThem() throws Exception {
    Path script = Scripts.write(dir, "oneline.sh", "echo '/r1/  /dc2/r2//'");
    assertEquals(List.of("/r1", "/dc2/r2"), mapping(script, 1000).resolve(List.of("x", "y")));
  }

  @Test
  void failingScriptMapsTheBatchToDefaultRackWithOneWarning() throws Exception {
    Path script = Scripts.write(dir, "fails.sh", "echo 'no such table' >&2", "exit 1");
    try (LogCapture log = new LogCapture(ScriptBasedMapping.class)) {
      assertEquals(List.of(DEFAULT_RACK, DEFAULT_RACK), mapping(script, 1000).resolve(List.of("a", "b")));
      assertEquals(1, log.warnings().size());
      assertTrue(log.warnings().get(0).contains("exited with status 1 (no such table)"), log.warnings().get(0));
    }
  }

  @Test
  void hangingScriptIsKilledAfterTheTimeout() throws Exception {
    Path script = Scripts.write(dir, "hangs.sh", "sleep 30", "echo /late");
    long start = System.nanoTime();
    try (LogCapture log = new LogCapture(ScriptBasedMapping.class)) {
      assertEquals(List.of(DEFAULT_RACK), mapping(script, 300).resolve(List.of("a")));
      assertEquals(1, log.warnings().size());
      assertTrue(log.warnings().get(0).contains("killed"));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 2_000, "took " + millis + " ms");
  }

  @Test
  void wrongNumberOfRacksMapsTheBatchToDefaultRack() throws Exception {
    Path script = Scripts.write(dir, "short.sh", "echo /r1");
    try (LogCapture log = new LogCapture(ScriptBasedMapping.class)) {
      assertEquals(List.of(DEFAULT_RACK, DEFAULT_RACK), mapping(script, 1000).resolve(List.of("a", "b")));
      assertTrue(log.warnings().get(0).contains("printed 1 racks for 2 hosts"));
    }
  }

  @Test
  void onlyTheFailingBatchFallsBack() throws Exception {
    // the second batch holds host "bad", for which the script prints a non-path
    Path script = Scripts.write(dir, "partial.sh",
        "for h in \"$@\"; do if [ \"$h\" = bad ]; then echo rack; else echo \"/r-$h\"; fi; done");
    try (LogCapture log = new LogCapture(ScriptBasedMapping.class)) {
      List<String> racks = new ScriptBasedMapping(script.toString(), 2, 1000)
          .resolve(List.of("a", "b", "bad", "c"));
      assertEquals(List.of("/r-a", "/r-b", DEFAULT_RACK, DEFAULT_RACK), racks);
      assertEquals(1, log.warnings().size());
      assertTrue(log.warnings().get(0).contains("not a rack path"));
    }
  }

  @Test
  void missingScriptMapsToDefaultRack() {
    ScriptBasedMapping mapping = mapping(dir.resolve("absent.sh"), 1000);
    assertEquals(List.of(DEFAULT_RACK), mapping.resolve(List.of("a")));
  }

  @Test
  void sampleScriptReadsTheTableBesideIt() throws Exception {
    Path sample = Path.of("..", "..", "conf", "topology.sh");
    List<String> hosts = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.9");
    List<String> expected = List.of("/rack1", "/rack1", "/rack2", DEFAULT_RACK);
    assertEquals(expected, mapping(sample, 5_000).resolve(hosts));

    Path alone = Files.copy(sample, dir.resolve("topology.sh"));
    assertTrue(alone.toFile().setExecutable(true));
    assertEquals(expected, mapping(alone, 5_000).resolve(hosts), "built-in case statement");
  }

  @Test
  void badNumberArgsFailsNamingTheKey() {
    Configuration conf = new Configuration(false);
    conf.set(ScriptBasedMapping.SCRIPT_KEY, "/bin/true");
    conf.set(ScriptBasedMapping.MAX_ARGS_KEY, "0");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ScriptBasedMapping.fromConf(conf));
    assertTrue(e.getMessage().contains(ScriptBasedMapping.MAX_ARGS_KEY));
  }

  private static ScriptBasedMapping mapping(Path script, long timeoutMs) {
    return new ScriptBasedMapping(script.toString(), 100, timeoutMs);
  }
}
