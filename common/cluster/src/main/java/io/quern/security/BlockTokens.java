package io.quern.security;

import io.quern.conf.Configuration;
import io.quern.fs.DfsKeys;
import io.quern.protocol.dfs.AccessControlException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Block access tokens, as HDFS's: the NameNode hands one out with every block it locates for a
 * user, and a DataNode serves a task JVM only the blocks, and only the access, its tokens name.
 * Without them a task could read any block by its id (ids are small numbers), whatever the
 * file's permissions say. A token is HMAC-SHA256, under a key derived from the cluster secret,
 * of the block, the user, the access and the expiry; the user is not in the token, so a token
 * shown by a task of another user's job does not verify. Callers that hold the cluster secret
 * (daemons, clients) could make any token, so DataNodes check only task callers.
 */
public final class BlockTokens {
  /** HDFS's default, {@code dfs.block.access.token.lifetime} = 600 minutes. */
  public static final String LIFETIME_KEY = DfsKeys.BLOCK_ACCESS_TOKEN_LIFETIME.name();

  public enum Access { READ, WRITE }

  private static final byte[] LABEL = "quern-block-token-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int MAC_BYTES = 32;
  private static final int TOKEN_BYTES = Long.BYTES + 1 + MAC_BYTES;
  /** Null when security is off: no token is issued or checked. */
  private final byte[] key;
  private final long lifetimeMs;

  private BlockTokens(byte[] key, long lifetimeMs) {
    this.key = key;
    this.lifetimeMs = lifetimeMs;
  }

  /** The tokens of a NameNode or DataNode: keyed by the cluster secret, unless security is off. */
  public static BlockTokens forDaemon(Configuration conf) {
    // A bare number is in minutes, as HDFS reads the key.
    long lifetime = DfsKeys.BLOCK_ACCESS_TOKEN_LIFETIME.get(conf, TimeUnit.MINUTES) * 60_000;
    if (lifetime <= 0) {
      throw conf.bad(LIFETIME_KEY, conf.get(LIFETIME_KEY), "a positive duration such as 10h");
    }
    return of(Security.credentials(conf), lifetime);
  }

  /** Tokens keyed by {@code creds}' cluster secret; none at all when it holds none (security off). */
  public static BlockTokens of(ClusterCredentials creds, long lifetimeMs) {
    byte[] key = creds.mode() == ClusterCredentials.Mode.CLUSTER ? Hmac.sha256(creds.secret(), LABEL) : null;
    return new BlockTokens(key, lifetimeMs);
  }

  /** A token letting {@code user} {@code access} the block until {@code now} plus the lifetime; null when security is off. */
  public byte[] issue(long blockId, String user, Access access, long now) {
    if (key == null) {
      return null;
    }
    long expires = now + lifetimeMs;
    return ByteBuffer.allocate(TOKEN_BYTES).putLong(expires).put((byte) access.ordinal())
        .put(mac(blockId, user, access, expires)).array();
  }

  /**
   * @throws AccessControlException saying why {@code token} does not let {@code user}
   *     {@code needed} the block: missing, for another block, user or access, or expired
   */
  public void check(byte[] token, long blockId, String user, Access needed, long now) throws AccessControlException {
    if (key == null) {
      return;
    }
    String refused = "Access to blk_" + blockId + " refused for " + user + ": ";
    if (token == null) {
      throw new AccessControlException(refused + "no block access token was presented.");
    }
    if (token.length != TOKEN_BYTES) {
      throw new AccessControlException(refused + "the block access token is malformed.");
    }
    ByteBuffer b = ByteBuffer.wrap(token);
    long expires = b.getLong();
    int access = b.get();
    byte[] mac = new byte[MAC_BYTES];
    b.get(mac);
    if (access != needed.ordinal()) {
      throw new AccessControlException(refused + "the block access token does not allow " + needed + ".");
    }
    if (!MessageDigest.isEqual(mac, mac(blockId, user, needed, expires))) {
      throw new AccessControlException(refused + "the block access token is not one issued for this block and user.");
    }
    if (expires < now) {
      throw new AccessControlException(refused + "the block access token expired at " + Instant.ofEpochMilli(expires)
          + "; locate the block again.");
    }
  }

  private byte[] mac(long blockId, String user, Access access, long expires) {
    String text = "blk=" + blockId + ",user=" + user + ",access=" + access + ",expires=" + expires;
    return Hmac.sha256(key, text.getBytes(StandardCharsets.UTF_8));
  }
}
