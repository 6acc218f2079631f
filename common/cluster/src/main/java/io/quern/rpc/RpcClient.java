package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.security.ClusterCredentials;
import java.io.EOFException;
import java.lang.reflect.Proxy;
import java.net.SocketException;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.UnmarshalException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RemoteObject;
import java.rmi.server.RemoteObjectInvocationHandler;

/**
 * Looks up a daemon's objects in its registry, with the timeouts of the caller's configuration.
 * A process that has not installed {@link ClusterCredentials} yet gets those of {@code conf}
 * (loading, never creating, the secret file).
 */
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
    ClusterCredentials.ensureInstalled(conf);
    RegistryFilter.install(); // in case this JVM creates a registry later: see RegistryFilter
    JvmSerialFilter.install(conf); // before the stub is read
    Registry registry = registry(conf, endpoint);
    Remote stub;
    try {
      stub = registry.lookup(name);
    } catch (UnmarshalException e) {
      if (!(e.getCause() instanceof EOFException || e.getCause() instanceof SocketException)) {
        throw e;
      }
      // RMI reused a pooled connection the server had closed (it restarted); RMI has dropped it
      // now, and a lookup only reads a name, so one more try is safe.
      stub = registry.lookup(name);
    }
    if (!iface.isInstance(stub)) {
      throw new ClassCastException(name + " at " + endpoint + " is not a " + iface.getName());
    }
    return iface.cast(stub);
  }

  /**
   * The registry at {@code endpoint}, called through a dynamic proxy like any other remote
   * object rather than through the JDK's generated registry stub. That stub returns its
   * connection to the pool even after it failed to read an answer, such as one our filter
   * refused, with the answer's unread rest still in it: the next call to the endpoint would read
   * that rest as its own answer. A proxy's call closes a connection it could not read.
   */
  private static Registry registry(Configuration conf, HostPort endpoint) throws RemoteException {
    Registry stub = LocateRegistry.getRegistry(endpoint.host(), endpoint.port(),
        TimeoutClientSocketFactory.fromConf(conf, endpoint.host()));
    return (Registry) Proxy.newProxyInstance(RpcClient.class.getClassLoader(), new Class<?>[] {Registry.class},
        new RemoteObjectInvocationHandler(((RemoteObject) stub).getRef()));
  }
}
