package io.quern.security;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * The mutual challenge-response every RPC connection starts with, before RMI reads a byte:
 *
 * <pre>
 * S -> C  "QRNS" version flags server-nonce[32]
 * C -> S  "QRNC" version flags mode subject-length endpoint-length subject endpoint client-nonce[32]
 *         client-proof[32]
 * S -> C  status [server-proof[32] if status is 0]
 * </pre>
 *
 * With {@code T} the bytes of both hellos up to the client's proof and {@code K} the cluster
 * secret (mode 1, empty subject) or the token of the job claim {@code job=JOB,user=USER,expires=MILLIS}
 * (mode 2, which the server derives from the secret for the claim the client names, and refuses
 * once expired):
 * client-proof = HMAC(K, "client" || T), server-proof = HMAC(K, "server" || T || client-proof).
 * Fresh nonces on both sides make proofs useless for another connection; the server proves
 * itself only after the client has, so it is no oracle; the flags are inside T, so a man in the
 * middle cannot switch encryption off. The endpoint is the address and port the client dialled,
 * and the server accepts only its own: a peer that makes a daemon dial it and relays the
 * handshake to another daemon gets refused there. Both sides then derive per-direction keys
 * from K, T and the client proof, and every record of the connection carries a GCM tag (with
 * its bytes encrypted too when either side asks for encryption), see {@link GcmOutputStream}:
 * after the handshake, nobody on the path can alter or inject a byte.
 *
 * <p>Every read is bounded by one deadline for the whole handshake, so a peer that trickles
 * bytes is dropped as surely as one that sends nothing. Messages have fixed or small bounded
 * sizes; nothing here allocates on a peer's say-so.
 */
public final class Handshake {
  static final int VERSION = 2;
  static final int NONCE = 32;
  static final int PROOF = 32;
  static final int FLAG_ENCRYPT = 1;
  static final int MODE_CLUSTER = 1;
  static final int MODE_JOB = 2;
  static final int OK = 0;
  static final int REFUSED_PROOF = 1;
  static final int REFUSED_JOBS = 2;
  static final int REFUSED_FORMAT = 3;
  static final int REFUSED_ENDPOINT = 4;
  static final int REFUSED_EXPIRED = 5;
  private static final int MAX_ENDPOINT = 255;
  private static final byte[] SERVER_MAGIC = ascii("QRNS");
  private static final byte[] CLIENT_MAGIC = ascii("QRNC");
  private static final int SERVER_HELLO = 4 + 1 + 1 + NONCE;
  private static final int MAX_SUBJECT = 255;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handshake() {}

  /** What a handshake established: who the client is and how the streams are wrapped. */
  public static final class Session {
    static final Session PLAIN = new Session(null, false, null, null);

    private final JobSubject subject;
    private final boolean encrypted;
    private final byte[] inKey;
    private final byte[] outKey;

    Session(JobSubject subject, boolean encrypted, byte[] inKey, byte[] outKey) {
      this.subject = subject;
      this.encrypted = encrypted;
      this.inKey = inKey;
      this.outKey = outKey;
    }

    /** The session of a connection with security disabled: no identity, no wrapping. */
    public static Session plain() {
      return PLAIN;
    }

    /** On the server: the job and user of a client that proved a job token; empty for the cluster secret. */
    public Optional<JobSubject> subject() {
      return Optional.ofNullable(subject);
    }

    public boolean encrypted() {
      return encrypted;
    }

    /** {@code raw} as this session must read it: each record's tag checked, and decrypted if encrypted. */
    public InputStream input(InputStream raw) {
      return inKey == null ? raw : new GcmInputStream(raw, inKey, encrypted);
    }

    /** {@code raw} as this session must write it: each record tagged, and encrypted if encrypted. */
    public OutputStream output(OutputStream raw) {
      return outKey == null ? raw : new GcmOutputStream(raw, outKey, encrypted);
    }
  }

  /**
   * The client side, on a connected socket's raw streams.
   *
   * @throws AuthenticationException if the server refuses us or fails to prove the secret
   */
  public static Session client(Socket socket, InputStream in, OutputStream out, ClusterCredentials creds,
      int timeoutMs) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    int savedTimeout = socket.getSoTimeout();
    try {
      byte[] serverHello = new byte[SERVER_HELLO];
      readFully(socket, in, serverHello, deadline);
      if (!Arrays.equals(serverHello, 0, 4, SERVER_MAGIC, 0, 4)) {
        throw new AuthenticationException("the server is not a Quern RPC endpoint with security enabled"
            + " (it did not start the handshake)");
      }
      if (serverHello[4] != VERSION) {
        throw new AuthenticationException("the server speaks handshake version " + serverHello[4] + ", we " + VERSION);
      }
      boolean encrypt = (serverHello[5] & FLAG_ENCRYPT) != 0 || creds.encryption();
      ByteArrayOutputStream hello = new ByteArrayOutputStream(128);
      hello.write(CLIENT_MAGIC);
      hello.write(VERSION);
      hello.write(creds.encryption() ? FLAG_ENCRYPT : 0);
      String jobId = creds.jobId().orElse(null);
      String subject = creds.claim().orElse(null);
      byte[] job = subject == null ? new byte[0] : subject.getBytes(StandardCharsets.US_ASCII);
      hello.write(subject == null ? MODE_CLUSTER : MODE_JOB);
      hello.write(job.length);
      byte[] dialled = endpoint(socket.getInetAddress(), socket.getPort());
      hello.write(dialled.length);
      hello.write(job);
      hello.write(dialled);
      hello.write(nonce());
      byte[] transcript = concat(serverHello, hello.toByteArray());
      byte[] key = creds.clientKey();
      byte[] clientProof = Hmac.sha256(key, ascii("client"), transcript);
      hello.write(clientProof);
      out.write(hello.toByteArray());
      out.flush();

      byte[] status = new byte[1];
      readFully(socket, in, status, deadline);
      if (status[0] != OK) {
        throw new AuthenticationException(switch (status[0]) {
          case REFUSED_PROOF -> jobId == null ? "the server refused our cluster secret: the secrets differ"
              : "the server refused the token of job " + jobId;
          case REFUSED_JOBS -> "the server does not accept job tokens";
          case REFUSED_ENDPOINT -> "the server is not at the address we dialled (a relay?)";
          case REFUSED_EXPIRED -> "the server refused the token of job " + jobId + ": it has expired (" + subject + ")";
          default -> "the server refused the handshake (code " + status[0] + ")";
        });
      }
      byte[] serverProof = new byte[PROOF];
      readFully(socket, in, serverProof, deadline);
      if (!MessageDigest.isEqual(serverProof, Hmac.sha256(key, ascii("server"), transcript, clientProof))) {
        throw new AuthenticationException("the server failed to prove it knows the cluster secret");
      }
      return session(key, transcript, clientProof, encrypt, null, false);
    } finally {
      socket.setSoTimeout(savedTimeout);
    }
  }

  /**
   * The server side, on an accepted socket's raw streams, for a server holding the cluster
   * secret in {@code creds}.
   *
   * @throws AuthenticationException if the client is not a Quern peer or cannot prove its credentials
   * @throws IOException if the client is too slow or goes away
   */
  public static Session server(Socket socket, InputStream in, OutputStream out, ClusterCredentials creds,
      boolean acceptJobTokens, int timeoutMs) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    int savedTimeout = socket.getSoTimeout();
    try {
      byte[] serverHello = new byte[SERVER_HELLO];
      System.arraycopy(SERVER_MAGIC, 0, serverHello, 0, 4);
      serverHello[4] = VERSION;
      serverHello[5] = (byte) (creds.encryption() ? FLAG_ENCRYPT : 0);
      System.arraycopy(nonce(), 0, serverHello, 6, NONCE);
      out.write(serverHello);
      out.flush();

      byte[] head = new byte[9];
      readFully(socket, in, head, deadline);
      if (!Arrays.equals(head, 0, 4, CLIENT_MAGIC, 0, 4) || head[4] != VERSION) {
        refuse(out, REFUSED_FORMAT);
        throw new AuthenticationException("the peer did not start a Quern handshake (first bytes "
            + hex(head) + ")");
      }
      boolean clientEncrypt = (head[5] & FLAG_ENCRYPT) != 0;
      int mode = head[6];
      int jobLength = head[7] & 0xff;
      int endpointLength = head[8] & 0xff;
      if ((mode != MODE_CLUSTER && mode != MODE_JOB) || (mode == MODE_CLUSTER) != (jobLength == 0)
          || jobLength > MAX_SUBJECT || endpointLength == 0 || endpointLength > MAX_ENDPOINT) {
        refuse(out, REFUSED_FORMAT);
        throw new AuthenticationException("the peer sent a malformed handshake (mode " + mode + ", "
            + jobLength + " bytes of subject, " + endpointLength + " of endpoint)");
      }
      byte[] rest = new byte[jobLength + endpointLength + NONCE + PROOF];
      readFully(socket, in, rest, deadline);
      JobSubject subject = null;
      long expiresMillis = 0;
      byte[] key = creds.secret();
      if (mode == MODE_JOB) {
        String text = new String(rest, 0, jobLength, StandardCharsets.US_ASCII);
        if (!acceptJobTokens) {
          refuse(out, REFUSED_JOBS);
          throw new AuthenticationException("the peer presented a job token (" + printable(text)
              + "), which this server does not accept");
        }
        try {
          JobToken.Claim claim = JobToken.parseClaim(text);
          subject = claim.subject();
          expiresMillis = claim.expiresMillis();
          key = JobTokens.derive(key, subject, expiresMillis).key();
        } catch (IllegalArgumentException e) {
          refuse(out, REFUSED_FORMAT);
          throw new AuthenticationException("the peer sent an invalid job subject " + printable(text));
        }
      }
      byte[] transcript = concat(serverHello, head, Arrays.copyOf(rest, jobLength + endpointLength + NONCE));
      byte[] clientProof = Arrays.copyOfRange(rest, jobLength + endpointLength + NONCE, rest.length);
      if (!MessageDigest.isEqual(clientProof, Hmac.sha256(key, ascii("client"), transcript))) {
        refuse(out, REFUSED_PROOF);
        throw new AuthenticationException(subject == null ? "the peer does not know the cluster secret"
            : "the peer's token for " + subject.text() + " is wrong");
      }
      // Checked once the proof holds: the expiry is then the one the token was issued with.
      if (subject != null && expiresMillis <= System.currentTimeMillis()) {
        refuse(out, REFUSED_EXPIRED);
        throw new AuthenticationException("the peer's token for " + subject.text() + " expired at "
            + java.time.Instant.ofEpochMilli(expiresMillis));
      }
      byte[] dialled = Arrays.copyOfRange(rest, jobLength, jobLength + endpointLength);
      byte[] here = endpoint(socket.getLocalAddress(), socket.getLocalPort());
      if (!MessageDigest.isEqual(dialled, here)) {
        refuse(out, REFUSED_ENDPOINT);
        throw new AuthenticationException("the peer dialled " + printable(new String(dialled, StandardCharsets.US_ASCII))
            + ", not this server at " + new String(here, StandardCharsets.US_ASCII)
            + ": its connection was relayed here");
      }
      byte[] reply = new byte[1 + PROOF];
      reply[0] = OK;
      System.arraycopy(Hmac.sha256(key, ascii("server"), transcript, clientProof), 0, reply, 1, PROOF);
      out.write(reply);
      out.flush();
      return session(key, transcript, clientProof, creds.encryption() || clientEncrypt, subject, true);
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(savedTimeout);
      }
    }
  }

  private static Session session(byte[] key, byte[] transcript, byte[] clientProof, boolean encrypt,
      JobSubject subject, boolean server) {
    byte[] prk = Hmac.sha256(key, ascii("keys"), transcript, clientProof);
    byte[] c2s = Hmac.sha256(prk, ascii("client to server"), new byte[] {1});
    byte[] s2c = Hmac.sha256(prk, ascii("server to client"), new byte[] {1});
    return server ? new Session(subject, encrypt, c2s, s2c) : new Session(subject, encrypt, s2c, c2s);
  }

  private static void refuse(OutputStream out, int code) {
    try {
      out.write(code);
      out.flush();
    } catch (IOException ignored) {
      // the peer is gone already; we close anyway
    }
  }

  private static void readFully(Socket socket, InputStream in, byte[] b, long deadline) throws IOException {
    int off = 0;
    while (off < b.length) {
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        throw new SocketTimeoutException("handshake not completed in time");
      }
      socket.setSoTimeout((int) Math.min(leftMs, Integer.MAX_VALUE));
      int n;
      try {
        n = in.read(b, off, b.length - off);
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException("handshake not completed in time (" + off + " of " + b.length
            + " bytes of a message received)");
      }
      if (n < 0) {
        throw new EOFException("connection closed during the handshake after " + off + " of " + b.length + " bytes");
      }
      off += n;
    }
  }

  /** {@code ADDRESS:PORT} as both ends of one TCP connection name it. */
  private static byte[] endpoint(java.net.InetAddress address, int port) {
    byte[] b = ascii((address == null ? "unconnected" : address.getHostAddress()) + ":" + port);
    return b.length > MAX_ENDPOINT ? Arrays.copyOf(b, MAX_ENDPOINT) : b;
  }

  private static byte[] nonce() {
    byte[] n = new byte[NONCE];
    RANDOM.nextBytes(n);
    return n;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }

  private static String printable(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
