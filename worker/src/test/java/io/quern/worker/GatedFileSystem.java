package io.quern.worker;

import io.quern.fs.FSDataInputStream;
import io.quern.fs.LocalFileSystem;
import io.quern.fs.Path;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The local disk under the scheme {@code gated:}, whose opens wait until the test opens the gate:
 * a staging area as slow as a DFS waiting out a NameNode restart. Set {@code fs.gated.impl} to this class.
 */
public final class GatedFileSystem extends LocalFileSystem {
  static final String SCHEME = "gated";
  private static volatile CountDownLatch gate = new CountDownLatch(0);
  private static final java.util.concurrent.atomic.AtomicInteger WAITING = new java.util.concurrent.atomic.AtomicInteger();

  /** Closes the gate: opens wait from now on. */
  static void shut() {
    gate = new CountDownLatch(1);
  }

  static void release() {
    gate.countDown();
  }

  /** Opens waiting at the gate now. */
  static int waiting() {
    return WAITING.get();
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public Path makeQualified(Path p) {
    Path abs = p.isAbsolute() || getWorkingDirectory() == null ? p : new Path(getWorkingDirectory(), p);
    return new Path(SCHEME, null, abs.toUri().getPath());
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    WAITING.incrementAndGet();
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IOException("the gate stayed closed");
      }
    } catch (InterruptedException e) {
      throw new java.io.InterruptedIOException();
    } finally {
      WAITING.decrementAndGet();
    }
    return super.open(f, bufferSize);
  }
}
