package io.quern.master;

import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeAttributes;
import io.quern.cluster.NodeInfo;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Turns worker znode events into tracker events. A worker publishes its slots as the {@link
 * NodeAttributes#MAP_SLOTS} and {@link NodeAttributes#REDUCE_SLOTS} attributes, its GPUs as
 * {@link NodeAttributes#GPU_IDS} and its load as {@link NodeAttributes#LOAD}.
 */
final class WorkerDirectory implements MembershipListener {
  private static final Logger LOG = LogManager.getLogger(WorkerDirectory.class);

  /** Thread-safe (calls are queued for its thread). */
  private final MasterLoop loop;

  WorkerDirectory(MasterLoop loop) {
    this.loop = loop;
  }

  static WorkerInfo toWorker(NodeInfo node) {
    return new WorkerInfo(node.id(), node.host(), node.rack(), node.endpoint().toString(),
        (int) Math.max(0, node.longAttribute(NodeAttributes.MAP_SLOTS, 1)), (int) Math.max(0, node.longAttribute(NodeAttributes.REDUCE_SLOTS, 1)),
        node.attribute(NodeAttributes.HTTP_ADDRESS, ""),
        gpus(node.attribute(NodeAttributes.GPU_IDS, "")), load(node.attribute(NodeAttributes.LOAD, "")),
        node.longAttribute(NodeAttributes.MEM_AVAILABLE, -1));
  }

  /** The published GPU ids: distinct, non-empty. */
  static java.util.List<String> gpus(String ids) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        out.add(id.strip());
      }
    }
    return java.util.List.copyOf(out);
  }

  /** The published load average ("1.25", or "1,25" from a worker in a comma locale); NaN when unknown. */
  static double load(String value) {
    try {
      return Double.parseDouble(value.strip().replace(',', '.'));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  @Override
  public void joined(NodeInfo node) {
    WorkerInfo w = toWorker(node);
    loop.call(t -> {
      t.workerJoined(w);
      return null;
    }).exceptionally(e -> ignoreWhenNotLeading(e, "worker event for " + node.id()));
  }

  @Override
  public void updated(NodeInfo node) {
    joined(node);
  }

  @Override
  public void left(NodeInfo node) {
    loop.call(t -> {
      t.workerLost(node.id());
      return null;
    }).exceptionally(e -> ignoreWhenNotLeading(e, "worker event for " + node.id()));
  }

  /**
   * The outcome of a membership event handed to the loop: a standby master ignores membership
   * (it reads what it needs when it takes over), any other failure is logged.
   */
  static Void ignoreWhenNotLeading(Throwable e, String event) {
    if (!(e.getCause() instanceof io.quern.protocol.mapred.NotLeaderException)) {
      LOG.warn("{} failed: {}", event, e.toString());
    }
    return null;
  }
}
