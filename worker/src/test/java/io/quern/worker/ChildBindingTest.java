package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.security.ClusterCredentials;
import io.quern.security.JobSubject;
import io.quern.security.JobTokens;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The line that binds a child JVM to its job: what the worker writes is what the child reads. */
class ChildBindingTest {
  private static ChildBinding read(String text) throws IOException {
    return ChildBinding.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void theTokenCrossesThePipeIntactAndNothingElseDoes() throws Exception {
    byte[] secret = new byte[32];
    secret[3] = 9;
    JobTokenIssuer issuer = new JobTokenIssuer(ClusterCredentials.ofSecret(secret, false), 60_000, () -> 1_000_000L);
    ChildBinding sent = issuer.bindingFor("job_1_0001", "alice");
    ChildBinding got = read(sent.line() + "trailing bytes the child never reads");
    assertEquals(sent, got);
    assertEquals(JobTokens.derive(secret, "job_1_0001", "alice", 1_060_000L), got.token());
    assertFalse(sent.line().contains(Base64.getEncoder().encodeToString(secret)), "the line carries no secret");

    ChildBinding plain = new JobTokenIssuer(ClusterCredentials.disabled(), 60_000, () -> 0L).bindingFor("job_1_0001", "bob");
    assertEquals(new JobSubject("job_1_0001", "bob"), read(plain.line()).subject());
    assertNull(read(plain.line()).token());
  }

  @Test
  void aSpareLetGoOfReadsTheEndAndGarbageIsRefused() {
    assertThrows(EOFException.class, () -> read(""));
    assertThrows(EOFException.class, () -> read("token job=job_1,user=al"));
    assertThrows(IOException.class, () -> read("secret c2VjcmV0\n"));
    assertThrows(IOException.class, () -> read("plain job=job_1,user=a b\n"));
    assertThrows(IOException.class, () -> read("x".repeat(5000) + "\n"));
    assertThrows(IllegalArgumentException.class,
        () -> new JobTokenIssuer(ClusterCredentials.disabled(), 60_000, () -> 0L).bindingFor("job_1", "alice,user=root"));
  }
}
