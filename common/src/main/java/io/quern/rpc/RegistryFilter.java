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
 * <p>It is therefore fixed rather than taken from a daemon's configuration: {@link
 * SerialFilter#ALLOWED} with small bounds, since our registries only read names: daemons bind
 * in-process, and the registry refuses a {@code bind} from another host before reading it. (One
 * from this host is read, and filtered.)
 * A filter set by the user, with {@code -D} or in {@code java.security}, is left alone.
 */
final class RegistryFilter {
  static final String PROPERTY = "sun.rmi.registry.registryFilter";
  static final SerialFilter.Limits LIMITS = new SerialFilter.Limits(20, 1_000, 1_000, 1L << 20);
  static final String PATTERN =
      LIMITS.asPattern() + ";" + String.join(";", SerialFilter.ALLOWED) + ";!*";

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
