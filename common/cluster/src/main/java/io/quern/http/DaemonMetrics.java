package io.quern.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * One daemon's metrics, served at {@code /metrics} in Prometheus' text format: its JVM (heap and
 * pools, garbage collections, threads; the standard {@code jvm_} and {@code process_} names, so
 * that existing JVM dashboards apply) and what the daemon registers, under {@code quern_} names.
 * A registry per daemon rather than the library's global one: the in-JVM test clusters run
 * several daemons in one process, each with its own metrics.
 */
public final class DaemonMetrics {
  /** Thread-safe (Prometheus registry). */
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

  public DaemonMetrics() {
    JvmMemoryMetrics.builder().register(registry);
    JvmGarbageCollectorMetrics.builder().register(registry);
    JvmThreadsMetrics.builder().register(registry);
    ProcessMetrics.builder().register(registry);
  }

  /** The daemon's ZooKeeper session state, as {@code quern_zookeeper_connected} (1 or 0). */
  public DaemonMetrics zooKeeper(java.util.function.BooleanSupplier connected) {
    io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("quern_zookeeper_connected")
        .help("1 while the daemon's ZooKeeper session is connected, 0 while it is cut off or expired")
        .callback(cb -> cb.call(connected.getAsBoolean() ? 1 : 0)).register(registry);
    return this;
  }

  /** Thread-safe (Prometheus registry). */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** The current values in the text exposition format. */
  public String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The {@code /metrics} page. */
  public StatusServer.Page page() {
    return r -> new Response(200, PrometheusTextFormatWriter.CONTENT_TYPE,
        scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
