package io.quern.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.protocol.Envelope;
import io.quern.protocol.PingServer;
import io.quern.protocol.Pingable;
import io.quern.protocol.WhoAmI;
import io.quern.security.AuthenticationException;
import io.quern.security.ClusterCredentials;
import io.quern.security.JobTokens;
import io.quern.security.Security;
import io.quern.security.TestSecurity;
import java.rmi.AccessException;
import java.rmi.RemoteException;
import java.rmi.server.ObjID;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecureRpcIT {
  @AfterEach
  void restoreCredentials() {
    TestSecurity.install();
  }

  @Test
  void aClientWithAnotherSecretFailsAtOnceWithOneSentence() throws Exception {
    Configuration conf = RpcTesting.conf();
    try (RpcServer server = RpcTesting.serve(conf, "127.0.0.1", 0, new PingServer("s"))) {
      byte[] other = new byte[32];
      new Random(1).nextBytes(other);
      ClusterCredentials.install(ClusterCredentials.ofSecret(other, false));
      Pingable proxy = ResilientProxy.create(Pingable.class, RpcTesting.NAME, server::endpoint, conf);
      long start = System.nanoTime();
      RemoteException e = assertThrows(RemoteException.class, proxy::ping);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 2_000, "wrong credentials are not retried, took " + ms + " ms");
      assertEquals("cannot authenticate to " + server.endpoint() + ": the server refused our cluster secret:"
          + " the secrets differ", RpcErrors.describe(RpcTesting.NAME, e));
    }
  }

  @Test
  void encryptedCallsWorkAndCostThisMuch() throws Exception {
    double plain = throughput(false);
    double encrypted = throughput(true);
    System.out.printf("RPC throughput, 1 MiB byte[] per call: plain %.1f MB/s, AES-GCM %.1f MB/s%n", plain, encrypted);
  }

  private static double throughput(boolean encryption) throws Exception {
    Configuration conf = RpcTesting.conf();
    conf.set(SerialFilter.MAX_ARRAY_KEY, String.valueOf(2 << 20));
    conf.setBoolean(Security.ENCRYPTION_KEY, encryption);
    PingServer impl = new PingServer("s");
    try (RpcServer server = RpcTesting.serve(conf, "127.0.0.1", 0, impl)) { // the server asks; the client follows
      Pingable stub = RpcTesting.lookup(server.endpoint());
      byte[] mib = new byte[1 << 20];
      new Random(2).nextBytes(mib);
      Envelope payload = new Envelope("mib", mib);
      for (int i = 0; i < 5; i++) {
        assertEquals("s:mib:byte[]", stub.echo(payload));
      }
      int calls = 24;
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        stub.echo(payload);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return calls * (double) mib.length / (1 << 20) / seconds;
    }
  }

  @Test
  void jobTokensIdentifyTheirJobOnTheCallsThread() throws Exception {
    Configuration conf = RpcTesting.conf();
    try (RpcServer server = new RpcServer(conf, "127.0.0.1", 0).start().acceptJobTokens()) {
      server.export("who", new WhoAmI.Server(), WhoAmI.class);
      WhoAmI cluster = RpcClient.lookup(conf, server.endpoint(), "who", WhoAmI.class);
      assertEquals("CLUSTER", cluster.whoAmI());
      ObjID id = RawRmiClient.objId(cluster);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> running = new ArrayList<>();
        running.add(pool.submit(() -> repeat(50, () -> assertEquals("CLUSTER", cluster.whoAmI()))));
        running.add(pool.submit(() -> repeat(50, () -> assertEquals("ok", cluster.adminOnly()))));
        for (String job : List.of("job_0001", "job_0002")) {
          running.add(pool.submit(() -> {
            ClusterCredentials token = ClusterCredentials.ofJobToken(JobTokens.derive(TestSecurity.secret(), job, "alice", System.currentTimeMillis() + 3_600_000), false);
            try (RawRmiClient c = new RawRmiClient(server.endpoint(), null, token).open()) {
              for (int i = 0; i < 100; i++) {
                assertEquals("JOB " + job + " alice", c.call(id, WhoAmI.class.getMethod("whoAmI")));
              }
            }
            // RMI does not reuse a connection after an exceptional return
            try (RawRmiClient c = new RawRmiClient(server.endpoint(), null, token).open()) {
              RawRmiClient.Thrown refused = assertInstanceOf(RawRmiClient.Thrown.class,
                  c.call(id, WhoAmI.class.getMethod("adminOnly")));
              RpcTesting.causeOf(refused.exception(), AccessException.class); // inside RMI's ServerException
            }
            return null;
          }));
        }
        for (Future<?> f : running) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void jobTokensAreRefusedUnlessTheServerAcceptsThemAndMustBeGenuine() throws Exception {
    Configuration conf = RpcTesting.conf();
    ClusterCredentials genuine = ClusterCredentials.ofJobToken(JobTokens.derive(TestSecurity.secret(), "job_7", "alice", System.currentTimeMillis() + 3_600_000), false);
    byte[] other = new byte[32];
    new Random(3).nextBytes(other);
    ClusterCredentials forged = ClusterCredentials.ofJobToken(JobTokens.derive(other, "job_7", "alice", System.currentTimeMillis() + 3_600_000), false);
    try (RpcServer server = RpcTesting.serve(conf, "127.0.0.1", 0, new PingServer("s"))) {
      AuthenticationException e = assertThrows(AuthenticationException.class,
          () -> new RawRmiClient(server.endpoint(), null, genuine));
      assertTrue(e.getMessage().contains("does not accept job tokens"), e.getMessage());
      server.acceptJobTokens();
      new RawRmiClient(server.endpoint(), null, genuine).close();
      e = assertThrows(AuthenticationException.class, () -> new RawRmiClient(server.endpoint(), null, forged));
      assertTrue(e.getMessage().contains("refused the token of job job_7"), e.getMessage());
      // alice's token presented as bob's: the user is part of what the token proves.
      io.quern.security.JobToken alices = JobTokens.derive(TestSecurity.secret(), "job_7", "alice", System.currentTimeMillis() + 3_600_000);
      ClusterCredentials asBob = ClusterCredentials.ofJobToken(
          io.quern.security.JobToken.decode(alices.encode().replace("user=alice", "user=bob")), false);
      e = assertThrows(AuthenticationException.class, () -> new RawRmiClient(server.endpoint(), null, asBob));
      assertTrue(e.getMessage().contains("refused the token of job job_7"), e.getMessage());
    }
  }

  @Test
  void anExpiredJobTokenIsRefusedAndItsExpiryCannotBeMovedLater() throws Exception {
    Configuration conf = RpcTesting.conf();
    long now = System.currentTimeMillis();
    io.quern.security.JobToken expired = JobTokens.derive(TestSecurity.secret(), "job_8", "alice", now - 1);
    io.quern.security.JobToken fresh = JobTokens.derive(TestSecurity.secret(), "job_8", "alice", now + 60_000);
    try (RpcServer server = RpcTesting.serve(conf, "127.0.0.1", 0, new PingServer("s"))) {
      server.acceptJobTokens();
      new RawRmiClient(server.endpoint(), null, ClusterCredentials.ofJobToken(fresh, false)).close();
      AuthenticationException e = assertThrows(AuthenticationException.class,
          () -> new RawRmiClient(server.endpoint(), null, ClusterCredentials.ofJobToken(expired, false)));
      assertTrue(e.getMessage().contains("has expired"), e.getMessage());
      // The expired token's bytes under a later expiry: the HMAC covers the expiry, so the proof fails.
      String pushed = expired.encode().replace("expires=" + (now - 1), "expires=" + (now + 600_000));
      ClusterCredentials extended = ClusterCredentials.ofJobToken(io.quern.security.JobToken.decode(pushed), false);
      e = assertThrows(AuthenticationException.class, () -> new RawRmiClient(server.endpoint(), null, extended));
      assertTrue(e.getMessage().contains("refused the token of job job_8"), e.getMessage());
    }
  }

  interface Body {
    void run() throws Exception;
  }

  private static Void repeat(int times, Body body) throws Exception {
    for (int i = 0; i < times; i++) {
      body.run();
    }
    return null;
  }
}
