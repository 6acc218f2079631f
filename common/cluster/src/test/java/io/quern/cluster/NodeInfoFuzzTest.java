package io.quern.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.quern.net.HostPort;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random znode data: IllegalArgumentException or a valid NodeInfo that encodes back to itself. */
class NodeInfoFuzzTest {
  @Test
  void randomBytesDecodeOrFailWithIllegalArgument() {
    byte[] valid = new NodeInfo("w1", Role.WORKER, new HostPort("127.0.0.1", 9020), "/rack1",
        Map.of("cpus", "2", "slots.map", "4")).encode();
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random random = new Random(3);
      for (int i = 0; i < 5_000; i++) {
        byte[] data;
        if (random.nextBoolean()) {
          data = new byte[random.nextInt(200)];
          random.nextBytes(data);
        } else {
          data = Arrays.copyOf(valid, 1 + random.nextInt(valid.length + 20));
          for (int k = random.nextInt(4); k > 0; k--) {
            data[random.nextInt(data.length)] = (byte) (random.nextBoolean() ? random.nextInt(256) : "=\\\n:u#!"
                .charAt(random.nextInt(7)));
          }
        }
        try {
          NodeInfo n = NodeInfo.decode(data);
          NodeInfo back = NodeInfo.decode(n.encode()); // no value can inject a key
          assertEquals(n.id(), back.id());
          assertEquals(n.endpoint(), back.endpoint());
          assertEquals(n.rack(), back.rack());
          assertEquals(n.attributes().keySet(), back.attributes().keySet());
          assertEquals(back, NodeInfo.decode(back.encode()));
        } catch (IllegalArgumentException expected) {
          // garbage named as such
        } catch (Throwable t) {
          fail("input " + Arrays.toString(data) + ": " + t, t);
        }
      }
    });
  }
}
