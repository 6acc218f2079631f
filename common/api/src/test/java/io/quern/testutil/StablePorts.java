package io.quern.testutil;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for servers a test stops and starts again on the same port. A port the kernel hands
 * out for binding port 0 lies in its ephemeral range, which it also uses as the local port of
 * outgoing connections: while the server is down, any connection of the test may take the port,
 * and the restart then cannot bind it (a ZooKeeper server that cannot bind its election port
 * exits the JVM). Ports below that range are only ever taken by an explicit bind.
 */
public final class StablePorts {
  private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;

  private StablePorts() {}

  /** A port below the ephemeral range that nothing listens on now. */
  public static int free() throws IOException {
    int below = ephemeralLow();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // in use: another
      }
    }
    throw new IOException("no free port between " + LOWEST + " and " + below + " after 200 tries");
  }

  /** The first port of the kernel's ephemeral range (32768 where it cannot be read). */
  private static int ephemeralLow() {
    try {
      int low = Integer.parseInt(Files.readString(RANGE).trim().split("\\s+")[0]);
      return low > LOWEST + 1_000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
