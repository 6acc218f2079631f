package io.quern.datanode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.protocol.dfs.ShortCircuitWire;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalReadGrantsTest {
  final AtomicLong now = new AtomicLong(5_000);
  final LocalReadGrants grants = new LocalReadGrants(now::get);

  @Test
  void outstandingGrantsAreBoundedAndExpiredOnesMakeRoom() throws Exception {
    for (int i = 0; i < LocalReadGrants.MAX_OUTSTANDING; i++) {
      grants.issue(i, 10);
    }
    IOException e = assertThrows(IOException.class, () -> grants.issue(99_999, 10));
    assertEquals("This DataNode has 1024 short-circuit read grants outstanding; read over RPC.", e.getMessage());
    now.addAndGet(LocalReadGrants.LIFETIME_MS + 1);
    byte[] secret = grants.issue(7, 10);
    assertEquals(1, grants.outstanding());
    assertEquals(7, grants.redeem(new ShortCircuitWire.Request(secret, 7, 0, 10)).blockId());
    assertEquals(0, grants.outstanding());
  }

  @Test
  void secretsAreRandomAndAGuessOpensNothing() throws Exception {
    byte[] s1 = grants.issue(1, 10);
    byte[] s2 = grants.issue(1, 10);
    assertEquals(false, java.util.Arrays.equals(s1, s2));
    byte[] guess = s1.clone();
    guess[0] ^= 1;
    assertThrows(IOException.class, () -> grants.redeem(new ShortCircuitWire.Request(guess, 1, 0, 10)));
    assertEquals(2, grants.outstanding());
  }
}
