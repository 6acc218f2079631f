package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

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

  /** Any thread adds or removes an entry. */
  private static final Map<Key, CompletableFuture<Remote>> STUBS = new ConcurrentHashMap<>();

  private SharedStubs() {}

  /** The stub bound as {@code name} at {@code endpoint}, looked up with {@code conf}'s timeouts if no one did yet. */
  public static <T extends Remote> T lookup(Configuration conf, HostPort endpoint, String name, Class<T> iface)
      throws RemoteException, NotBoundException {
    Key key = new Key(endpoint, name);
    CompletableFuture<Remote> mine = new CompletableFuture<>();
    CompletableFuture<Remote> found = STUBS.putIfAbsent(key, mine);
    if (found == null) {
      try {
        mine.complete(RpcClient.lookup(conf, endpoint, name, iface));
      } catch (RemoteException | NotBoundException | RuntimeException e) {
        STUBS.remove(key, mine);
        mine.completeExceptionally(e);
        throw e;
      }
      found = mine;
    }
    Remote stub = await(found, endpoint, name);
    if (!iface.isInstance(stub)) {
      throw new ClassCastException(name + " at " + endpoint + " is not a " + iface.getName());
    }
    return iface.cast(stub);
  }

  /** Drops {@code stub} (dead, or its daemon gone) if it is still the one kept for {@code name} at {@code endpoint}. */
  public static void forget(HostPort endpoint, String name, Remote stub) {
    Key key = new Key(endpoint, name);
    CompletableFuture<Remote> f = STUBS.get(key);
    if (f != null && f.isDone() && !f.isCompletedExceptionally() && f.join() == stub) {
      STUBS.remove(key, f);
    }
  }

  private static Remote await(CompletableFuture<Remote> f, HostPort endpoint, String name)
      throws RemoteException, NotBoundException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted while another thread looked up " + name + " at " + endpoint);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RemoteException r) {
        throw r;
      }
      if (c instanceof NotBoundException n) {
        throw n;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new RemoteException("looking up " + name + " at " + endpoint + " failed", c);
    }
  }
}
