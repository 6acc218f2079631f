package io.quern.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs the record tags' AES-GCM path in a daemon right after it starts, until the JIT has
 * compiled it. The JDK's AES-GCM is fast (GiB/s) only from C2-compiled callers of its AES and
 * GHASH intrinsics; before that it runs in Java at about 100 MiB/s, and a freshly started DataNode
 * checked the tags of its first few hundred MB that slowly (JFR: over half of a new DataNode's
 * samples during a 512 MiB write were in {@code GHASH.blockMult} and {@code AESCrypt.implEncryptBlock}).
 * Here the same streams seal and check small records, whose many calls reach the compile thresholds
 * with little data, and a 64 KiB probe record says when the compiled path has arrived.
 *
 * <p>Bounded: it stops once {@value #FAST_PROBES} probes in a row run at {@value #FAST_MIB_S}
 * MiB/s or more, or after {@value #MAX_CPU_MS} ms of its own CPU or {@value #MAX_WALL_MS} ms,
 * whichever comes first (a JVM without the intrinsics never gets fast). Daemons only: a
 * short-lived command or task JVM would pay the compilation for the little it sends.
 */
public final class TagWarmUp {
  private static final Logger LOG = LogManager.getLogger(TagWarmUp.class);
  static final int SMALL_RECORD = 2048;
  static final int SMALL_PER_PROBE = 64;
  static final int FAST_MIB_S = 1024;
  static final int FAST_PROBES = 3;
  static final long MAX_CPU_MS = 3_000;
  static final long MAX_WALL_MS = 60_000;

  private TagWarmUp() {}

  /**
   * Starts the warm-up for a daemon of {@code conf}'s cluster, whose bulk transfers are then tagged
   * at full speed from the first byte; nothing when security is off.
   */
  public static void startFor(io.quern.conf.Configuration conf) {
    if (Security.enabled(conf)) {
      start(Security.encryption(conf));
    }
  }

  /** Starts the warm-up in a background daemon thread, for sessions {@code encrypted} or only tagged. */
  public static Thread start(boolean encrypted) {
    Thread t = new Thread(() -> {
      try {
        Result r = run(encrypted, MAX_CPU_MS, MAX_WALL_MS);
        LOG.info("AES-GCM record tags {} after {} ms ({} ms of CPU, {} KiB tagged)",
            r.fast() ? "compiled" : "still slow (no warm-up left)", r.wallMs(), r.cpuMs(), r.bytes() / 1024);
      } catch (IOException | RuntimeException e) {
        LOG.warn("AES-GCM warm-up failed: {}", e.toString());
      }
    }, "tag-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }

  /** What a warm-up did: whether the probes got fast, its wall and CPU time, the bytes it tagged. */
  record Result(boolean fast, long wallMs, long cpuMs, long bytes) {}

  static Result run(boolean encrypted, long maxCpuMs, long maxWallMs) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpuTimed = threads.isCurrentThreadCpuTimeSupported();
    long cpu0 = cpuTimed ? threads.getCurrentThreadCpuTime() : 0;
    long wall0 = System.nanoTime();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Wire wire = new Wire();
    GcmOutputStream out = new GcmOutputStream(wire.sink, key, encrypted);
    GcmInputStream in = new GcmInputStream(wire.source, key, encrypted);
    byte[] data = new byte[GcmOutputStream.MAX_RECORD];
    new SecureRandom().nextBytes(data);
    long bytes = 0;
    int fastInARow = 0;
    while (true) {
      for (int i = 0; i < SMALL_PER_PROBE; i++) {
        bytes += pass(out, in, wire, data, SMALL_RECORD);
      }
      long t0 = System.nanoTime();
      bytes += pass(out, in, wire, data, data.length);
      long probeNanos = System.nanoTime() - t0;
      // Both sides of the probe: 2 x 64 KiB at FAST_MIB_S or better.
      fastInARow = 2.0 * data.length / (1 << 20) / (probeNanos / 1e9) >= FAST_MIB_S ? fastInARow + 1 : 0;
      long wallMs = (System.nanoTime() - wall0) / 1_000_000;
      long cpuMs = cpuTimed ? (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000 : wallMs;
      if (fastInARow >= FAST_PROBES || cpuMs >= maxCpuMs || wallMs >= maxWallMs) {
        return new Result(fastInARow >= FAST_PROBES, wallMs, cpuMs, bytes);
      }
    }
  }

  /** Seals one record of {@code length} bytes and reads it back through the checking stream. */
  private static int pass(GcmOutputStream out, GcmInputStream in, Wire wire, byte[] data, int length)
      throws IOException {
    wire.clear();
    out.write(data, 0, length);
    out.flush();
    int got = 0;
    while (got < length) {
      int n = in.read(data, got, length - got);
      if (n < 0) {
        throw new IOException("warm-up record came back short");
      }
      got += n;
    }
    return length;
  }

  /** One record's bytes between the two streams. */
  private static final class Wire {
    final byte[] bytes = new byte[4 + GcmOutputStream.MAX_RECORD + GcmOutputStream.TAG];
    int written;
    int read;

    final OutputStream sink = new OutputStream() {
      @Override
      public void write(int b) {
        bytes[written++] = (byte) b;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        System.arraycopy(b, off, bytes, written, len);
        written += len;
      }
    };

    final InputStream source = new InputStream() {
      @Override
      public int read() {
        return read < written ? bytes[read++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (read == written) {
          return -1;
        }
        int n = Math.min(len, written - read);
        System.arraycopy(bytes, read, b, off, n);
        read += n;
        return n;
      }
    };

    void clear() {
      written = 0;
      read = 0;
    }
  }
}
