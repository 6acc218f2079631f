package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.net.HostPort;
import io.quern.security.AuthenticationException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.rmi.ConnectException;
import java.rmi.ConnectIOException;
import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A client-side proxy for a daemon that may move or restart. It looks the stub up lazily at the
 * endpoint {@code resolver} gives (in a cluster, ZooKeeper discovery) and keeps it. When a call
 * cannot reach the daemon, it drops the stub, asks the resolver again and retries, with a back-off
 * from 100 ms doubling to 2 s, until {@code quern.rpc.retry.window} has passed; then it throws the
 * last failure.
 *
 * <p>Only failures that mean the request never reached the daemon are retried: {@link
 * ConnectException}, {@link ConnectIOException} (but not a refused handshake: wrong credentials
 * stay wrong), {@link NoSuchObjectException}, {@link UnknownHostException}, and any other failure
 * of the registry lookup. Anything after the request may
 * have arrived (an {@link java.rmi.UnmarshalException} such as a read timeout, a {@link
 * java.rmi.ServerError}, a {@link java.rmi.MarshalException}) is thrown at once, since the call
 * might not be idempotent, unless the method is marked {@link Idempotent}: then any {@link
 * RemoteException} is retried. Application exceptions pass through unchanged.
 *
 * <p>Thread-safe: callers share the cached stub; a failed call drops it only if no other thread
 * has replaced it meanwhile.
 */
public final class ResilientProxy<T extends Remote> implements InvocationHandler {
  public static final String RETRY_WINDOW_KEY = CoreKeys.RPC_RETRY_WINDOW.name();
  static final long FIRST_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 2_000;

  private static final Logger LOG = LogManager.getLogger(ResilientProxy.class);

  /** Finds the stub at an endpoint; {@link RpcClient#lookup} outside tests. */
  interface StubLocator<T> {
    T lookup(HostPort endpoint) throws RemoteException, NotBoundException;

    /** Told when a stub it gave turned out dead, so that it does not give it again. */
    default void forget(HostPort endpoint, T stub) {}
  }

  private record Bound<T>(HostPort endpoint, T stub) {}

  private final Class<T> iface;
  private final String name;
  private final Supplier<HostPort> resolver;
  private final StubLocator<T> locator;
  private final long windowNanos;
  private final RetryTimer timer;
  private final WaitObserver observer;
  /** Atomic: any calling thread rebinds it. */
  private final AtomicReference<Bound<T>> current = new AtomicReference<>();
  private volatile HostPort lastEndpoint;

  private ResilientProxy(Class<T> iface, String name, Supplier<HostPort> resolver,
      StubLocator<T> locator, long windowMs, RetryTimer timer, WaitObserver observer) {
    this.iface = iface;
    this.observer = observer;
    this.name = name;
    this.resolver = resolver;
    this.locator = locator;
    this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
    this.timer = timer;
  }

  /**
   * A proxy implementing {@code iface} for the object bound as {@code name} wherever {@code
   * resolver} says it is; the resolver may return null while no endpoint is known.
   */
  public static <T extends Remote> T create(Class<T> iface, String name, Supplier<HostPort> resolver,
      Configuration conf) {
    return create(iface, name, resolver, conf, WaitObserver.NONE);
  }

  /**
   * As {@link #create(Class, String, Supplier, Configuration, WaitObserver)}, but finding its stub
   * among those this process already looked up ({@link SharedStubs}), and looking one up for the
   * others if none is there; its own retry window stays {@code conf}'s.
   */
  public static <T extends Remote> T createSharing(Class<T> iface, String name, Supplier<HostPort> resolver,
      Configuration conf, WaitObserver observer) {
    StubLocator<T> shared = new StubLocator<>() {
      @Override
      public T lookup(HostPort endpoint) throws RemoteException, NotBoundException {
        return SharedStubs.lookup(conf, endpoint, name, iface);
      }

      @Override
      public void forget(HostPort endpoint, T stub) {
        SharedStubs.forget(endpoint, name, stub);
      }
    };
    return create(iface, name, resolver, windowMillis(conf), shared, RetryTimer.SYSTEM, observer);
  }

  private static long windowMillis(Configuration conf) {
    long windowMs = CoreKeys.RPC_RETRY_WINDOW.millis(conf);
    if (windowMs < 0) {
      throw conf.bad(RETRY_WINDOW_KEY, conf.get(RETRY_WINDOW_KEY), "a duration such as 30s");
    }
    return windowMs;
  }

  /** As {@link #create(Class, String, Supplier, Configuration)}, telling {@code observer} of each wait. */
  public static <T extends Remote> T create(Class<T> iface, String name, Supplier<HostPort> resolver,
      Configuration conf, WaitObserver observer) {
    return create(iface, name, resolver, windowMillis(conf),
        endpoint -> RpcClient.lookup(conf, endpoint, name, iface), RetryTimer.SYSTEM, observer);
  }

  static <T extends Remote> T create(Class<T> iface, String name, Supplier<HostPort> resolver,
      long windowMs, StubLocator<T> locator, RetryTimer timer) {
    return create(iface, name, resolver, windowMs, locator, timer, WaitObserver.NONE);
  }

  static <T extends Remote> T create(Class<T> iface, String name, Supplier<HostPort> resolver,
      long windowMs, StubLocator<T> locator, RetryTimer timer, WaitObserver observer) {
    checkRemoteInterface(iface);
    ResilientProxy<T> handler = new ResilientProxy<>(iface, name, resolver, locator, windowMs, timer, observer);
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    long deadline = timer.nanoTime() + windowNanos;
    long backoffMs = FIRST_BACKOFF_MS;
    boolean waiting = false;
    try {
      while (true) {
        RemoteException failure;
        try {
          return call(method, args);
        } catch (Unreachable e) {
          failure = e.failure;
        }
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - timer.nanoTime());
        if (remainingMs <= 0) {
          throw failure;
        }
        if (!waiting) {
          waiting = true;
          observer.waiting();
        }
        LOG.debug("{}.{} failed before reaching the server, retrying in {} ms: {}", name,
            method.getName(), Math.min(backoffMs, remainingMs), failure.toString());
        try {
          timer.sleep(Math.min(backoffMs, remainingMs));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure;
        }
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    } finally {
      if (waiting) {
        observer.resumed();
      }
    }
  }

  /** One attempt: the call's result, its non-retryable failure, or {@link Unreachable}. */
  private Object call(Method method, Object[] args) throws Throwable {
    Bound<T> bound = current.get();
    // Follow the resolver when it names another endpoint (a new active master): the old one
    // may still answer, paused or stepping down, and would keep a cached stub on it forever.
    // When it names none (the server's znode is gone), the old stub is not called either: its
    // pooled connection may be to a closed server, and a call sent there ends in an ambiguous
    // EOF instead of a refused connection that is safe to retry.
    HostPort now = resolver.get();
    if (now == null) {
      current.compareAndSet(bound, null);
      throw new Unreachable(new ConnectException("no endpoint of " + name + " is known"));
    }
    if (bound == null || !now.equals(bound.endpoint())) {
      bound = connect();
    }
    try {
      return method.invoke(bound.stub(), args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (isUnreachable(cause) || (cause instanceof RemoteException && method.isAnnotationPresent(Idempotent.class))) {
        current.compareAndSet(bound, null);
        locator.forget(bound.endpoint(), bound.stub());
        throw new Unreachable((RemoteException) cause);
      }
      throw cause;
    }
  }

  private Bound<T> connect() throws Unreachable, RemoteException {
    HostPort endpoint = resolver.get();
    if (endpoint == null) {
      throw new Unreachable(new ConnectException("no endpoint of " + name + " is known"));
    }
    try {
      Bound<T> bound = new Bound<>(endpoint, locator.lookup(endpoint));
      current.set(bound);
      HostPort previous = lastEndpoint;
      if (previous != null && !previous.equals(endpoint)) {
        LOG.info("{} moved from {} to {}", name, previous, endpoint);
      }
      lastEndpoint = endpoint;
      return bound;
    } catch (NotBoundException e) {
      throw new Unreachable(new NoSuchObjectException(name + " is not bound at " + endpoint));
    } catch (RemoteException e) {
      if (refusedCredentials(e)) {
        throw e;
      }
      // a lookup only reads a name, so whatever failed, repeating it is safe
      throw new Unreachable(e);
    }
  }

  static boolean isUnreachable(Throwable t) {
    return (t instanceof ConnectException || t instanceof ConnectIOException
        || t instanceof NoSuchObjectException || t instanceof UnknownHostException) && !refusedCredentials(t);
  }

  private static boolean refusedCredentials(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AuthenticationException) {
        return true;
      }
    }
    return false;
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "ResilientProxy(" + iface.getSimpleName() + " " + name + " at " + lastEndpoint + ")";
    };
  }

  /** Every method must be able to throw the RemoteException the retry loop ends with. */
  private static void checkRemoteInterface(Class<?> iface) {
    if (!iface.isInterface()) {
      throw new IllegalArgumentException(iface.getName() + " is not an interface");
    }
    for (Method m : iface.getMethods()) {
      boolean declared = false;
      for (Class<?> thrown : m.getExceptionTypes()) {
        declared |= thrown.isAssignableFrom(RemoteException.class);
      }
      if (!declared && m.getDeclaringClass() != Object.class) {
        throw new IllegalArgumentException(iface.getName() + "." + m.getName() + " does not declare RemoteException");
      }
    }
  }

  /** Carries a failure that happened before the request reached the daemon. */
  private static final class Unreachable extends Exception {
    final RemoteException failure;

    Unreachable(RemoteException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
