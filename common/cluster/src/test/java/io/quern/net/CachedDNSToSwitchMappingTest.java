package io.quern.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedDNSToSwitchMappingTest {
  @TempDir Path dir;

  @Test
  void asksTheScriptOnlyOncePerHost() throws Exception {
    Path asked = dir.resolve("asked");
    Path script = Scripts.write(dir, "count.sh",
        "for h in \"$@\"; do echo \"$h\" >> '" + asked + "'; echo \"/r-$h\"; done");
    CachedDNSToSwitchMapping mapping =
        new CachedDNSToSwitchMapping(new ScriptBasedMapping(script.toString(), 100, 5_000));

    assertEquals(List.of("/r-a", "/r-b"), mapping.resolve(List.of("a", "b")));
    assertEquals(List.of("/r-b", "/r-c", "/r-a", "/r-c"), mapping.resolve(List.of("b", "c", "a", "c")));
    assertEquals(List.of("/r-c"), mapping.resolve(List.of("c")));

    assertEquals(List.of("a", "b", "c"), Scripts.lines(asked));
  }

  @Test
  void clearForgetsCachedHosts() {
    int[] calls = {0};
    CachedDNSToSwitchMapping mapping = new CachedDNSToSwitchMapping(hosts -> {
      calls[0]++;
      return hosts.stream().map(h -> "/r").toList();
    });
    mapping.resolve(List.of("a"));
    mapping.resolve(List.of("a"));
    mapping.clear();
    mapping.resolve(List.of("a"));
    assertEquals(2, calls[0]);
  }
}
