package io.quern.datanode;

import io.quern.protocol.dfs.ShortCircuitWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The one-time secrets a DataNode hands out for short-circuit reads. Each opens one stream of
 * one block, within the length the replica had when granted, for a few seconds, and is gone once
 * shown, whatever the outcome: a copied or guessed secret opens nothing later. Bounded: past
 * {@link #MAX_OUTSTANDING} unused grants, new ones are refused and readers use RPC. Thread-safe.
 */
final class LocalReadGrants {
  /** A reader asks for a grant just before it connects: seconds are plenty. */
  static final long LIFETIME_MS = 10_000;
  static final int MAX_OUTSTANDING = 1024;

  /** What a secret lets its holder read. */
  record Grant(long blockId, long length, long expiresMs) {}

  private final LongSupplier clockMs;
  private final SecureRandom random = new SecureRandom();
  /** Keyed by the secret's bytes. Guarded by this. */
  private final Map<ByteBuffer, Grant> grants = new HashMap<>();

  LocalReadGrants(LongSupplier clockMs) {
    this.clockMs = clockMs;
  }

  /** A new secret for {@code [0, length)} of {@code blockId}. */
  synchronized byte[] issue(long blockId, long length) throws IOException {
    long now = clockMs.getAsLong();
    grants.values().removeIf(g -> g.expiresMs() < now);
    if (grants.size() >= MAX_OUTSTANDING) {
      throw new IOException("This DataNode has " + MAX_OUTSTANDING + " short-circuit read grants outstanding; read over RPC.");
    }
    byte[] secret = new byte[ShortCircuitWire.SECRET_BYTES];
    random.nextBytes(secret);
    grants.put(ByteBuffer.wrap(secret.clone()), new Grant(blockId, length, now + LIFETIME_MS));
    return secret;
  }

  /**
   * Consumes the grant behind a request's secret and checks the request against it.
   *
   * @throws IOException with one sentence when the secret is unknown, used, expired, or for
   *     another block or fewer bytes
   */
  synchronized Grant redeem(ShortCircuitWire.Request r) throws IOException {
    Grant g = grants.remove(ByteBuffer.wrap(r.secret()));
    if (g == null) {
      throw new IOException("The short-circuit read secret is unknown or was used already.");
    }
    if (g.expiresMs() < clockMs.getAsLong()) {
      throw new IOException("The short-circuit read secret for blk_" + g.blockId() + " expired; ask for another.");
    }
    if (g.blockId() != r.blockId()) {
      throw new IOException("The short-circuit read secret is for blk_" + g.blockId() + ", not blk_" + r.blockId() + ".");
    }
    if (r.offset() < 0 || r.length() < 0 || r.offset() > g.length() || r.length() > g.length() - r.offset()) {
      throw new IOException("Bytes " + r.offset() + " to " + (r.offset() + r.length()) + " are outside the "
          + g.length() + " bytes of blk_" + g.blockId() + " granted.");
    }
    return g;
  }

  synchronized int outstanding() {
    return grants.size();
  }
}
