package io.quern.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random topology script output and table lines: racks or the default rack, never an exception. */
class TopologyParsersFuzzTest {
  private static final String[] PIECES = {"/rack1", "/dc1/rack2", "/", "//", "rack", " ", "\n", "\t", "\r\n", "#",
      "/a b", "\u0000", "\uD800", "/r/", "host1", "127.0.0.1", "/default-rack", "\u00a0", "/\u2028"};

  @Test
  void scriptOutputGivesOneRackPerHost() {
    ScriptBasedMapping mapping = new ScriptBasedMapping("/bin/true", 100, 1_000);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random random = new Random(1);
      for (int i = 0; i < 3_000; i++) {
        List<String> hosts = new ArrayList<>();
        for (int k = random.nextInt(5); k >= 0; k--) {
          hosts.add("h" + k);
        }
        List<String> racks = mapping.parseOutput(noise(random), hosts);
        assertEquals(hosts.size(), racks.size());
        racks.forEach(r -> assertTrue(r.startsWith("/") && r.length() > 1, r));
      }
    });
  }

  @Test
  void tableLinesGiveRacksOrAreSkipped() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random random = new Random(2);
      for (int i = 0; i < 3_000; i++) {
        List<String> lines = List.of(noise(random).split("\n", -1));
        Map<String, String> racks = TableMapping.parse(lines, "fuzz");
        racks.values().forEach(r -> assertTrue(r.startsWith("/") && r.length() > 1, r));
      }
    });
  }

  private static String noise(Random random) {
    StringBuilder b = new StringBuilder();
    for (int k = random.nextInt(8); k >= 0; k--) {
      if (random.nextInt(4) == 0) {
        b.append((char) random.nextInt(0x10000));
      } else {
        b.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return b.toString();
  }
}
