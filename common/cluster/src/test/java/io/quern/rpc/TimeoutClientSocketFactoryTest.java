package io.quern.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutClientSocketFactoryTest {
  @Test
  void equalityCoversEveryField() {
    TimeoutClientSocketFactory f = new TimeoutClientSocketFactory("127.0.0.2", 100, 200);
    assertEquals(f, new TimeoutClientSocketFactory("127.0.0.2", 100, 200));
    assertEquals(f.hashCode(), new TimeoutClientSocketFactory("127.0.0.2", 100, 200).hashCode());
    assertNotEquals(f, new TimeoutClientSocketFactory("127.0.0.3", 100, 200));
    assertNotEquals(f, new TimeoutClientSocketFactory("127.0.0.2", 101, 200));
    assertNotEquals(f, new TimeoutClientSocketFactory("127.0.0.2", 100, 201));
    ConnectionGuard guard = new ConnectionGuard(null, 1_000, 10, "test");
    assertEquals(new BoundServerSocketFactory("127.0.0.2", guard), new BoundServerSocketFactory("127.0.0.2", guard));
    assertNotEquals(new BoundServerSocketFactory("127.0.0.2", guard), new BoundServerSocketFactory("127.0.0.3", guard));
    assertNotEquals(new BoundServerSocketFactory("127.0.0.2", guard),
        new BoundServerSocketFactory("127.0.0.2", new ConnectionGuard(null, 1_000, 10, "test")));
  }

  @Test
  void travelsThroughTheSerialFilter() throws Exception {
    TimeoutClientSocketFactory f = new TimeoutClientSocketFactory("127.0.0.2", 100, 200);
    SerialFilter filter = new SerialFilter(SerialFilter.Limits.DEFAULT, List.of());
    assertEquals(f, SerialFilterTest.roundTrip(f, filter));
  }

  @Test
  void timeoutsComeFromTheConfiguration() {
    Configuration conf = new Configuration(false);
    conf.set(TimeoutClientSocketFactory.CONNECT_TIMEOUT_KEY, "2s");
    conf.set(TimeoutClientSocketFactory.READ_TIMEOUT_KEY, "500ms");
    TimeoutClientSocketFactory f = TimeoutClientSocketFactory.fromConf(conf, "h");
    assertEquals(2_000, f.connectTimeoutMs());
    assertEquals(500, f.readTimeoutMs());

    conf.set(TimeoutClientSocketFactory.READ_TIMEOUT_KEY, "0s");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TimeoutClientSocketFactory.fromConf(conf, "h"));
    assertTrue(e.getMessage().contains(TimeoutClientSocketFactory.READ_TIMEOUT_KEY), e.getMessage());
  }

  @Test
  void rejectsUselessSettings() {
    assertThrows(IllegalArgumentException.class, () -> new TimeoutClientSocketFactory(" ", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new TimeoutClientSocketFactory("h", 0, 1));
  }
}
