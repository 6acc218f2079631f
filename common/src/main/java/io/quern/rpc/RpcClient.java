package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;

/** Looks up a daemon's objects in its registry, with the timeouts of the caller's configuration. */
public final class RpcClient {
  private RpcClient() {}

  /**
   * The stub bound under {@code name} at {@code endpoint}. The registry call itself runs with
   * {@code conf}'s connect and read timeouts; calls on the stub use the exporting daemon's.
   *
   * @throws ClassCastException if what is bound there does not implement {@code iface}
   */
  public static <T extends Remote> T lookup(Configuration conf, HostPort endpoint, String name,
      Class<T> iface) throws RemoteException, NotBoundException {
    RegistryFilter.install(); // in case this JVM creates a registry later: see RegistryFilter
    Registry registry = LocateRegistry.getRegistry(endpoint.host(), endpoint.port(),
        TimeoutClientSocketFactory.fromConf(conf, endpoint.host()));
    Remote stub = registry.lookup(name);
    if (!iface.isInstance(stub)) {
      throw new ClassCastException(name + " at " + endpoint + " is not a " + iface.getName());
    }
    return iface.cast(stub);
  }
}
