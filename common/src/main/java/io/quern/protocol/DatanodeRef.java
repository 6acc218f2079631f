package io.quern.protocol;

import java.io.Serializable;

/** A DataNode as clients and other DataNodes address it: id is {@code host:port}. */
public record DatanodeRef(String id, String host, int port, String rack) implements Serializable {
  @Override
  public String toString() {
    return id;
  }
}
