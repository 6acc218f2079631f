package io.quern.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The server side of the handshake against random peers: refused with an IOException, nothing else. */
class HandshakeFuzzTest {
  private static final ClusterCredentials SERVER = ClusterCredentials.ofSecret(new byte[32], false);

  /** A valid client hello for the server hello in {@code serverHello}, made by the real client code. */
  private static byte[] validClientHello(byte[] serverHello, ClusterCredentials creds) throws IOException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    byte[] fakeReply = new byte[1 + Handshake.PROOF]; // wrong server proof: the client throws after sending
    InputStream in = new ByteArrayInputStream(concat(serverHello, fakeReply));
    try (Socket unconnected = new Socket()) {
      Handshake.client(unconnected, in, sent, creds, 1_000);
      fail("a wrong server proof must be refused");
    } catch (AuthenticationException expected) {
      // sent holds the hello
    }
    return sent.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void randomPeersAreRefusedWithIOExceptionOnly() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random random = new Random(9);
      // a real hello against a fixed server hello, to mutate; the server's nonce differs, so it
      // is refused too, but it exercises the parsing of well-formed fields
      byte[] serverHello = new byte[38];
      System.arraycopy("QRNS".getBytes(), 0, serverHello, 0, 4);
      serverHello[4] = Handshake.VERSION;
      byte[] hello = validClientHello(serverHello, ClusterCredentials.ofJobToken(JobTokens.derive(new byte[32], "job_1", "alice", System.currentTimeMillis() + 3_600_000), false));
      try (Socket unconnected = new Socket()) {
        for (int i = 0; i < 4_000; i++) {
          byte[] input;
          switch (random.nextInt(3)) {
            case 0 -> {
              input = new byte[random.nextInt(300)];
              random.nextBytes(input);
            }
            case 1 -> input = Arrays.copyOf(hello, random.nextInt(hello.length + 1));
            default -> {
              input = hello.clone();
              for (int k = 1 + random.nextInt(4); k > 0; k--) {
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
              }
            }
          }
          try {
            Handshake.server(unconnected, new ByteArrayInputStream(input), new ByteArrayOutputStream(), SERVER,
                random.nextBoolean(), 1_000);
            fail("round " + i + " authenticated " + Arrays.toString(input));
          } catch (IOException expected) {
            // refused
          } catch (Throwable t) {
            fail("round " + i + ": " + t + " for " + Arrays.toString(input), t);
          }
        }
      }
    });
  }

  /** A connected pair of loopback sockets: the handshake reads their addresses, the test feeds its bytes. */
  private record Pair(java.net.ServerSocket listener, Socket client, Socket server) implements AutoCloseable {
    static Pair open() throws IOException {
      java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
      Socket client = new Socket(java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort());
      return new Pair(listener, client, listener.accept());
    }

    @Override
    public void close() throws IOException {
      client.close();
      server.close();
      listener.close();
    }
  }

  /** Runs the handshake between {@code clientSocket} and {@code serverSocket} over pipes; [client, server] sessions. */
  private static Object[] handshake(Socket clientSocket, Socket serverSocket, ClusterCredentials client)
      throws Exception {
    PipedInputStream toServer = new PipedInputStream(1 << 16);
    PipedOutputStream clientOut = new PipedOutputStream(toServer);
    PipedInputStream toClient = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(toClient);
    Object[] out = new Object[2];
    Thread t = new Thread(() -> {
      try {
        out[1] = Handshake.server(serverSocket, toServer, serverOut, SERVER, false, 2_000);
      } catch (IOException e) {
        out[1] = e;
      }
    });
    t.start();
    try {
      out[0] = Handshake.client(clientSocket, toClient, clientOut, client, 2_000);
    } catch (IOException e) {
      out[0] = e;
    }
    t.join();
    return out;
  }

  /**
   * A peer that got a daemon to dial it (the client dialled listener A) relays the handshake to
   * another daemon (the server socket of listener B): the server refuses, since the client's
   * hello names A's address and port, and the client learns why.
   */
  @Test
  void aHandshakeRelayedToAnotherServerIsRefused() throws Exception {
    try (Pair dialled = Pair.open(); Pair real = Pair.open()) {
      Object[] r = handshake(dialled.client(), real.server(), ClusterCredentials.ofSecret(new byte[32], false));
      assertTrue(r[1] instanceof AuthenticationException e && e.getMessage().contains("relayed"), String.valueOf(r[1]));
      assertTrue(r[0] instanceof AuthenticationException e && e.getMessage().contains("not at the address we dialled"),
          String.valueOf(r[0]));
    }
  }

  /** Without encryption every record is still tagged: a relay cannot alter, inject or replay a byte. */
  @Test
  void plainRecordsAreReadableButResistTamperingInjectionAndReplay() throws Exception {
    try (Pair p = Pair.open()) {
      Object[] r = handshake(p.client(), p.server(), ClusterCredentials.ofSecret(new byte[32], false));
      Handshake.Session client = (Handshake.Session) r[0];
      Handshake.Session server = (Handshake.Session) r[1];
      assertTrue(!client.encrypted() && !server.encrypted());
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      var out = client.output(wire);
      out.write("call one".getBytes());
      out.flush();
      int first = wire.size();
      out.write("call two".getBytes());
      out.flush();
      byte[] sent = wire.toByteArray();
      assertTrue(new String(sent, java.nio.charset.StandardCharsets.ISO_8859_1).contains("call one"), "not encrypted");
      assertArrayEquals("call onecall two".getBytes(), server.input(new ByteArrayInputStream(sent)).readAllBytes());
      for (int i = 0; i < sent.length; i++) {
        byte[] tampered = sent.clone();
        tampered[i] ^= 1;
        assertThrows(IOException.class, () -> server.input(new ByteArrayInputStream(tampered)).readAllBytes(),
            "byte " + i + " altered unnoticed");
      }
      byte[] replayed = concat(sent, Arrays.copyOf(sent, first));
      InputStream in = server.input(new ByteArrayInputStream(replayed));
      assertArrayEquals("call onecall two".getBytes(), in.readNBytes(16));
      assertThrows(IOException.class, in::read, "a replayed record is refused");
      byte[] injected = concat(Arrays.copyOf(sent, first), sent);
      InputStream in2 = server.input(new ByteArrayInputStream(injected));
      assertArrayEquals("call one".getBytes(), in2.readNBytes(8));
      assertThrows(IOException.class, in2::read, "a record out of its place is refused");
    }
  }

  @Test
  void bothSidesAgreeAndEncryptedRecordsResistTampering() throws Exception {
    try (Pair pair = Pair.open()) {
      Socket a = pair.client();
      Socket b = pair.server();
      PipedInputStream toServer = new PipedInputStream(1 << 16);
      PipedOutputStream clientOut = new PipedOutputStream(toServer);
      PipedInputStream toClient = new PipedInputStream(1 << 16);
      PipedOutputStream serverOut = new PipedOutputStream(toClient);
      ClusterCredentials client = ClusterCredentials.ofSecret(new byte[32], true);
      Handshake.Session[] server = new Handshake.Session[1];
      Thread t = new Thread(() -> {
        try {
          server[0] = Handshake.server(b, toServer, serverOut, SERVER, false, 2_000);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      t.start();
      Handshake.Session session = Handshake.client(a, toClient, clientOut, client, 2_000);
      t.join();
      assertTrue(session.encrypted() && server[0].encrypted(), "the client asked for encryption");

      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      try (var out = session.output(wire)) {
        out.write("hello, server".getBytes());
      }
      byte[] sealed = wire.toByteArray();
      assertTrue(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("hello") < 0);
      assertArrayEquals("hello, server".getBytes(), server[0].input(new ByteArrayInputStream(sealed)).readAllBytes());
      for (int i = 0; i < sealed.length; i++) {
        byte[] tampered = sealed.clone();
        tampered[i] ^= 1;
        assertThrows(IOException.class, () -> server[0].input(new ByteArrayInputStream(tampered)).readAllBytes());
      }
    }
  }
}
