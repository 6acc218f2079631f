package io.quern.cluster;

import java.util.Map;

/** A live registration; survives reconnections, ends on {@link #close()} or process death. */
public interface Registration extends AutoCloseable {
  NodeInfo node();

  /** Republishes the node with changed attributes (resources, state). */
  void update(Map<String, String> attributes) throws Exception;

  @Override
  void close();
}
