package io.quern.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.net.HostPort;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeInfoTest {
  @Test
  void roundTripsThroughItsTextForm() {
    NodeInfo n = new NodeInfo("127.0.0.2:9020", Role.WORKER, new HostPort("127.0.0.2", 9020), "/rack1",
        Map.of("cpus", "2", "slots.map", "2", "note", "line\nbreak"));
    NodeInfo back = NodeInfo.decode(n.encode());
    assertEquals(n.id(), back.id());
    assertEquals(Role.WORKER, back.role());
    assertEquals(n.endpoint(), back.endpoint());
    assertEquals("/rack1", back.rack());
    assertEquals("2", back.attribute("slots.map", null));
    assertEquals("line break", back.attribute("note", null));
  }

  @Test
  void attributeKeysThatWouldBreakTheTextFormAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new NodeInfo("a", Role.WORKER,
        new HostPort("h", 1), "/r", Map.of("odd=key", "v")));
  }

  @Test
  void garbageIsRefusedWithIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> NodeInfo.decode("hello".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class,
        () -> NodeInfo.decode("id=a\nrole=pilot\nendpoint=h:1\n".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class,
        () -> NodeInfo.decode("id=a\nrole=worker\nendpoint=h:x\n".getBytes(StandardCharsets.UTF_8)));
  }
}
