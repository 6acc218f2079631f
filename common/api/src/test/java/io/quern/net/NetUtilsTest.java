package io.quern.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class NetUtilsTest {
  @Test
  void hostPortUriAndDefaultPortForms() {
    InetSocketAddress a = NetUtils.createSocketAddr("127.0.0.1:9001");
    assertEquals("127.0.0.1", a.getHostString());
    assertEquals(9001, a.getPort());
    assertFalse(a.isUnresolved());
    InetSocketAddress b = NetUtils.createSocketAddr("qfs://127.0.0.2:9000/user/x");
    assertEquals("127.0.0.2", b.getHostString());
    assertEquals(9000, b.getPort());
    assertEquals(8012, NetUtils.createSocketAddr("localhost", 8012).getPort());
    assertEquals(7, NetUtils.createSocketAddr("[::1]:7").getPort());
    assertEquals("127.0.0.1:9001", NetUtils.getHostPortString(a));
  }

  @Test
  void aTargetWithoutPortOrHostIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> NetUtils.createSocketAddr("localhost"));
    assertThrows(IllegalArgumentException.class, () -> NetUtils.createSocketAddr(" "));
    assertThrows(IllegalArgumentException.class, () -> NetUtils.createSocketAddr("host:x"));
  }
}
