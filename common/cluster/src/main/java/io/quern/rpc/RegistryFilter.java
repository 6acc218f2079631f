package io.quern.rpc;

import java.security.Security;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The serial filter of the RMI registries our daemons create. {@link
 * java.rmi.registry.LocateRegistry#createRegistry(int, java.rmi.server.RMIClientSocketFactory,
 * java.rmi.server.RMIServerSocketFactory)} takes no filter: the JDK's registry reads the system
 * property {@value #PROPERTY} once, when its class is initialized, so the filter is JVM-wide and
 * must be in place before the first registry of the JVM is created.
 *
 * <p>It is therefore fixed rather than taken from a daemon's configuration, and it reads no
 * object at all: our registries only ever read names (lookups), since daemons bind in-process.
 * The JDK's registry lets a caller on this host bind, and tasks run on this host: a remote
 * {@code bind} or {@code rebind} carries a stub, which this filter refuses before the registry
 * acts. (A remote {@code unbind} carries only a name; {@link RpcServer} binds such a name
 * again.) A filter set by the user, with {@code -D} or in {@code java.security}, is left alone.
 */
final class RegistryFilter {
  static final String PROPERTY = "sun.rmi.registry.registryFilter";
  static final SerialFilter.Limits LIMITS = new SerialFilter.Limits(20, 1_000, 1_000, 1L << 20);
  static final String PATTERN = LIMITS.asPattern() + ";!*";

  private static final Logger LOG = LogManager.getLogger(RegistryFilter.class);
  private static boolean installed; // guarded by RegistryFilter.class

  private RegistryFilter() {}

  /** Sets the property unless the user did; only the first call of the JVM does anything. */
  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    String mine = System.getProperty(PROPERTY);
    if (mine == null) {
      mine = Security.getProperty(PROPERTY);
    }
    if (mine == null) {
      System.setProperty(PROPERTY, PATTERN);
    } else {
      LOG.info("Keeping the RMI registry filter set for this JVM: {}", mine);
    }
  }
}
