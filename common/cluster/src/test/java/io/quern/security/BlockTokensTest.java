package io.quern.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.protocol.dfs.AccessControlException;
import io.quern.security.BlockTokens.Access;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockTokensTest {
  private static final long NOW = 1_000_000_000_000L;
  private static final long HOUR = 3_600_000L;

  private static BlockTokens tokens(int seed) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) seed);
    return BlockTokens.of(ClusterCredentials.ofSecret(secret, false), HOUR);
  }

  private static String refusal(BlockTokens t, byte[] token, long block, String user, Access a, long now) {
    return assertThrows(AccessControlException.class, () -> t.check(token, block, user, a, now)).getMessage();
  }

  @Test
  void aTokenOpensItsBlockForItsUserAndAccessOnly() {
    BlockTokens t = tokens(1);
    byte[] read = t.issue(7, "alice", Access.READ, NOW);
    assertDoesNotThrow(() -> t.check(read, 7, "alice", Access.READ, NOW + HOUR - 1));
    assertTrue(refusal(t, read, 8, "alice", Access.READ, NOW).contains("not one issued for this block and user"));
    assertTrue(refusal(t, read, 7, "bob", Access.READ, NOW).contains("refused for bob"));
    assertTrue(refusal(t, read, 7, "alice", Access.WRITE, NOW).contains("does not allow WRITE"));
    byte[] write = t.issue(7, "alice", Access.WRITE, NOW);
    assertDoesNotThrow(() -> t.check(write, 7, "alice", Access.WRITE, NOW));
    assertTrue(refusal(t, write, 7, "alice", Access.READ, NOW).contains("does not allow READ"));
  }

  @Test
  void missingExpiredForgedOrForeignTokensAreRefused() {
    BlockTokens t = tokens(1);
    byte[] token = t.issue(7, "alice", Access.READ, NOW);
    assertTrue(refusal(t, null, 7, "alice", Access.READ, NOW).contains("no block access token"));
    assertTrue(refusal(t, token, 7, "alice", Access.READ, NOW + HOUR + 1).contains("expired"));
    assertTrue(refusal(t, new byte[5], 7, "alice", Access.READ, NOW).contains("malformed"));
    for (int i = 0; i < token.length; i++) {
      byte[] flipped = token.clone();
      flipped[i] ^= 1;
      // Whatever byte changes (expiry, access or MAC), the token no longer opens the block.
      assertThrows(AccessControlException.class, () -> t.check(flipped, 7, "alice", Access.READ, NOW), "byte " + i);
    }
    byte[] foreign = tokens(2).issue(7, "alice", Access.READ, NOW);
    assertTrue(refusal(t, foreign, 7, "alice", Access.READ, NOW).contains("not one issued"));
  }

  @Test
  void withSecurityOffNothingIsIssuedOrChecked() {
    BlockTokens off = BlockTokens.of(ClusterCredentials.disabled(), HOUR);
    assertNull(off.issue(7, "alice", Access.READ, NOW));
    assertDoesNotThrow(() -> off.check(null, 7, "alice", Access.WRITE, NOW));
  }
}
