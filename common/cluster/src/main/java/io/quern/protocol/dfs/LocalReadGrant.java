package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;

/**
 * A DataNode's leave to read one replica over its local socket ({@link ShortCircuitWire}): the
 * socket's path on the DataNode's host, a one-time secret that opens one stream of block
 * {@code blockId} within its first {@code length} bytes, and how long the secret is good for.
 * Handed out over the authenticated RPC only after the caller's block access token was checked,
 * as for a read over RPC; the secret is what lets the caller in, since anyone on the host may
 * connect to the socket.
 */
public record LocalReadGrant(String socketPath, byte[] secret, long blockId, long length, long lifetimeMs)
    implements Serializable {
  public LocalReadGrant {
    Checks.nonNull(socketPath, "socketPath");
    if (secret == null || secret.length != ShortCircuitWire.SECRET_BYTES) {
      throw new IllegalArgumentException("a local read secret is " + ShortCircuitWire.SECRET_BYTES + " bytes");
    }
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNegative(length, "length");
    Checks.nonNegative(lifetimeMs, "lifetimeMs");
  }
}
