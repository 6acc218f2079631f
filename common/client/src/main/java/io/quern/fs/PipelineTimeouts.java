package io.quern.fs;

/**
 * How long each node of a write pipeline waits for the next one. A node that stops answering
 * (its host cut off, its disk hung) must be named by the node just before it, and that node can
 * only name it if it gives up before every node upstream of it does: otherwise the writer's own
 * call times out first, and the writer drops the healthy first node instead of the hung one. So,
 * as in HDFS, each hop waits less than the one before it by an extension: a node whose caller waits
 * {@code W} for it, with {@code d} nodes after it, waits {@code W - min(5 s, W / (d + 1))} for the
 * next. Every wait stays positive however long the pipeline, and the last forwarding node waits at
 * least half of what its caller does.
 *
 * <p>The writer waits its RPC read timeout for the first node; a node takes what its caller said,
 * but never more than its own read timeout, which is the caller's socket timeout towards it (a
 * stub carries the timeouts of the daemon that exported it).
 */
public final class PipelineTimeouts {
  /** HDFS's read timeout extension per pipeline node: time for an ack naming a failed node to travel up one hop. */
  static final long MAX_HOP_EXTENSION_MS = 5_000;

  private PipelineTimeouts() {}

  /** How long the caller waits for this node: {@code saidMs} if given (positive), capped by this node's read timeout. */
  public static long callerWait(long saidMs, long ownReadTimeoutMs) {
    return saidMs > 0 ? Math.min(saidMs, ownReadTimeoutMs) : ownReadTimeoutMs;
  }

  /** How long a node waits for the next, when its caller waits {@code callerWaitMs} and {@code downstream} nodes follow it. */
  public static long downstreamWait(long callerWaitMs, int downstream) {
    if (callerWaitMs < 1 || downstream < 1) {
      throw new IllegalArgumentException("a wait of " + callerWaitMs + " ms for " + downstream + " downstream nodes");
    }
    long extension = Math.min(MAX_HOP_EXTENSION_MS, callerWaitMs / (downstream + 1));
    return Math.max(1, callerWaitMs - extension);
  }
}
