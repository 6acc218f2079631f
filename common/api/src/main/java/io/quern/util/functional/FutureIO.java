package io.quern.util.functional;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for futures of I/O work and rethrows their failures as the exceptions they were. */
public final class FutureIO {
  private FutureIO() {}

  /** The future's value; its failure rethrown as the {@link IOException} or unchecked exception it was. */
  public static <T> T awaitFuture(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw (InterruptedIOException) new InterruptedIOException("Interrupted while waiting: " + e.getMessage()).initCause(e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  /** As {@link #awaitFuture(Future)}, waiting at most {@code timeout}. */
  public static <T> T awaitFuture(Future<T> future, long timeout, TimeUnit unit) throws IOException, TimeoutException {
    try {
      return future.get(timeout, unit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw (InterruptedIOException) new InterruptedIOException("Interrupted while waiting: " + e.getMessage()).initCause(e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static IOException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof UncheckedIOException u) {
      return u.getCause();
    }
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IOException(cause);
  }
}
