package io.quern.protocol.dfs;

import java.io.Serializable;
import java.util.List;

/**
 * A pipeline's answer to a write: empty {@code failed} means every node wrote the data; otherwise
 * it names the first node that failed (one whose own write failed, or that did not answer the node
 * before it in time), passed up the pipeline unchanged. The writer drops that node; nodes past it
 * are in an unknown state, so the writer truncates the survivors to the last acknowledged length
 * before it resends.
 */
public record WriteAck(List<String> failed) implements Serializable {
  public static final WriteAck OK = new WriteAck(List.of());

  public WriteAck {
    failed = List.copyOf(failed);
  }
}
