package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.util.OncePerKey;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * Stubs looked up once per process and shared by every proxy that asks for the same name at the
 * same endpoint, whatever its own timeouts and retry window: a stub is what the daemon bound,
 * not a product of the caller's configuration. A task JVM's warm-up thus leaves its job's DFS
 * clients a NameNode stub and a stub of the local DataNode found, with their connections open
 * and authenticated. Who the calls act as is not in a stub: each connection proves the
 * credentials installed in the process when it opens (a task JVM holds one job's token all its
 * life), so sharing a stub shares no identity.
 *
 * <p>One lookup at a time per key: a thread asking while another looks up waits for that lookup
 * rather than doing a second. A failed lookup is not kept; a proxy that finds a stub dead
 * ({@link #forget}) drops it for everyone, so the next asks the registry again.
 */
public final class SharedStubs {
  private record Key(HostPort endpoint, String name) {}

  /** Thread-safe (its own). */
  private static final OncePerKey<Key, Remote, Exception> STUBS = new OncePerKey<>();

  private SharedStubs() {}

  /** The stub bound as {@code name} at {@code endpoint}, looked up with {@code conf}'s timeouts if no one did yet. */
  public static <T extends Remote> T lookup(Configuration conf, HostPort endpoint, String name, Class<T> iface)
      throws RemoteException, NotBoundException {
    Remote stub;
    try {
      stub = STUBS.get(new Key(endpoint, name), () -> RpcClient.lookup(conf, endpoint, name, iface));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted while another thread looked up " + name + " at " + endpoint);
    } catch (RemoteException | NotBoundException | RuntimeException e) {
      throw e;
    } catch (Exception e) { // no lookup throws anything else
      throw new RemoteException("looking up " + name + " at " + endpoint + " failed", e);
    }
    if (!iface.isInstance(stub)) {
      throw new ClassCastException(name + " at " + endpoint + " is not a " + iface.getName());
    }
    return iface.cast(stub);
  }

  /** Drops {@code stub} (dead, or its daemon gone) if it is still the one kept for {@code name} at {@code endpoint}. */
  public static void forget(HostPort endpoint, String name, Remote stub) {
    STUBS.forget(new Key(endpoint, name), stub);
  }
}
