package io.quern.security;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One handshake and one tagged record each way between two sockets of this JVM over loopback,
 * under a throwaway secret that nothing else knows. A fresh JVM's first handshake costs about
 * 150 ms (class loading, key derivation and AES-GCM interpreted), a warm one 10 ms: a spare task
 * JVM rehearses it while it waits, so its job's first attempt, whose first act is a handshake
 * with its worker, does not pay that.
 */
public final class HandshakeRehearsal {
  private static final int TIMEOUT_MS = 5_000;

  private HandshakeRehearsal() {}

  /** @return the message that came back, which equals the one sent */
  public static String run() throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ClusterCredentials creds = ClusterCredentials.ofSecret(secret, false);
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(TIMEOUT_MS);
      CompletableFuture<Void> server = CompletableFuture.runAsync(() -> echoOnce(listener, creds));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        client.setSoTimeout(TIMEOUT_MS);
        Handshake.Session session = Handshake.client(client, client.getInputStream(), client.getOutputStream(),
            creds, TIMEOUT_MS);
        DataOutputStream out = new DataOutputStream(session.output(client.getOutputStream()));
        DataInputStream in = new DataInputStream(session.input(client.getInputStream()));
        out.writeUTF("rehearsal");
        out.flush();
        String back = in.readUTF();
        server.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return back;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("the rehearsal's server side failed: " + e.getCause(), e.getCause());
      } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
        throw new IOException("the rehearsal's server side did not finish: " + e, e);
      }
    }
  }

  private static void echoOnce(ServerSocket listener, ClusterCredentials creds) {
    try (Socket s = listener.accept()) {
      s.setSoTimeout(TIMEOUT_MS);
      Handshake.Session session = Handshake.server(s, s.getInputStream(), s.getOutputStream(), creds, false,
          TIMEOUT_MS);
      DataInputStream in = new DataInputStream(session.input(s.getInputStream()));
      DataOutputStream out = new DataOutputStream(session.output(s.getOutputStream()));
      out.writeUTF(in.readUTF());
      out.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
