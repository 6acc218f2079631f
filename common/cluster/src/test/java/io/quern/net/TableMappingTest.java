package io.quern.net;

import static io.quern.net.NetworkTopology.DEFAULT_RACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableMappingTest {
  @TempDir Path dir;

  @Test
  void readsHostsAndSkipsCommentsBlanksAndMalformedLines() throws Exception {
    Path table = dir.resolve("topology.table");
    Files.writeString(table, String.join("\n",
        "# host rack",
        "",
        "10.0.0.1  /dc1/rack1   # first",
        "10.0.0.2\t/dc1/rack2/",
        "lonely-host",
        "10.0.0.3 rack-without-slash",
        "10.0.0.4 /a /b",
        "host5 /r5"));
    try (LogCapture log = new LogCapture(TableMapping.class)) {
      TableMapping mapping = new TableMapping(table);

      assertEquals(List.of("/dc1/rack1", "/dc1/rack2", DEFAULT_RACK, DEFAULT_RACK, "/r5", DEFAULT_RACK),
          mapping.resolve(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "host5", "unknown")));
      List<String> warnings = log.warnings();
      assertEquals(3, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("line 5 of topology table " + table), warnings.get(0));
      assertTrue(warnings.get(1).contains("line 6 "), warnings.get(1));
      assertTrue(warnings.get(2).contains("line 7 "), warnings.get(2));
    }
  }

  @Test
  void unreadableTableMapsEveryHostToDefaultRack() {
    try (LogCapture log = new LogCapture(TableMapping.class)) {
      TableMapping mapping = new TableMapping(dir.resolve("absent"));
      assertEquals(List.of(DEFAULT_RACK), mapping.resolve(List.of("a")));
      assertEquals(1, log.warnings().size());
    }
  }
}
