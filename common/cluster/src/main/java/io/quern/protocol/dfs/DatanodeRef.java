package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;

/** A DataNode as clients and other DataNodes address it: id is {@code host:port}. */
public record DatanodeRef(String id, String host, int port, String rack) implements Serializable {
  public DatanodeRef {
    Checks.nonNull(id, "id");
    Checks.nonNull(host, "host");
    Checks.nonNull(rack, "rack");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
