package io.quern.rpc;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.rmi.Remote;

/**
 * Counts and times the calls one {@link RpcServer} serves, per protocol and method: every
 * exported object is wrapped in a proxy that records the call once the object has answered.
 * Labels are the protocol and method names only (a bounded set); never ids or users.
 */
public final class RpcMetrics {
  private final Counter calls = Counter.builder().name("quern_rpc_calls_total")
      .help("Remote calls served, by protocol, method and outcome (ok, or error when the call threw)")
      .labelNames("protocol", "method", "outcome").build();
  private final Histogram latency = Histogram.builder().name("quern_rpc_call_duration_seconds").unit(Unit.SECONDS)
      .help("Time to serve a remote call, from its dispatch to its answer")
      .labelNames("protocol", "method").classicOnly()
      .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
      .build();

  /** Adds these metrics to a daemon's registry. */
  public void registerWith(PrometheusRegistry registry) {
    registry.register(calls);
    registry.register(latency);
  }

  /** {@code impl} seen through {@code iface}, recording each call under {@code protocol}. */
  <T extends Remote> T instrument(String protocol, T impl, Class<T> iface) {
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(impl, args);
      }
      long start = System.nanoTime();
      String outcome = "error";
      try {
        Object result = method.invoke(impl, args);
        outcome = "ok";
        return result;
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        calls.labelValues(protocol, method.getName(), outcome).inc();
        latency.labelValues(protocol, method.getName()).observe((System.nanoTime() - start) / 1e9);
      }
    };
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, h));
  }
}
