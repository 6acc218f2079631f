package io.quern.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalHostsTest {
  @Test
  void loopbackAddressesCountOnlyWhenNamedExactly() {
    LocalHosts h = new LocalHosts("127.0.0.1");
    assertTrue(h.isLocal("127.0.0.1"));
    // Another host of a pseudo-distributed cluster, though the same machine.
    assertFalse(h.isLocal("127.0.0.2"));
    assertFalse(h.isLocal("192.0.2.1")); // TEST-NET-1: nobody's
  }

  @Test
  void anAddressOfThisMachinesInterfacesIsLocal() throws Exception {
    Optional<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
    assumeTrue(own.isPresent(), "this machine has a non-loopback IPv4 address");
    assertTrue(new LocalHosts("127.0.0.1").isLocal(own.get().getHostAddress()));
  }
}
