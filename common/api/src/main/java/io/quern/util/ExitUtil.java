package io.quern.util;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Ends the JVM with a status, as Hadoop's tools do; a test can turn the exit into an {@link
 * ExitException} with {@link #disableSystemExit()}, so that a tool's status is checked without
 * the test's JVM ending.
 */
public final class ExitUtil {
  /** volatile: set by a test's thread, read by the thread that terminates. */
  private static volatile boolean systemExitDisabled;
  /** Thread-safe (atomic): the first exit wins even when threads terminate at once. */
  private static final AtomicReference<ExitException> FIRST_EXIT = new AtomicReference<>();

  private ExitUtil() {}

  /** What {@link #terminate} throws instead of exiting once {@link #disableSystemExit()} was called. */
  public static class ExitException extends RuntimeException {
    public final int status;

    public ExitException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int getExitCode() {
      return status;
    }
  }

  /** From now on {@link #terminate} throws an {@link ExitException} instead of ending the JVM. */
  public static void disableSystemExit() {
    systemExitDisabled = true;
  }

  /** True once {@link #terminate} was called while exits were disabled. */
  public static boolean terminateCalled() {
    return FIRST_EXIT.get() != null;
  }

  /** The first exit asked for while exits were disabled, or null. */
  public static ExitException getFirstExitException() {
    return FIRST_EXIT.get();
  }

  /** Forgets the exits asked for so far. */
  public static void resetFirstExitException() {
    FIRST_EXIT.set(null);
  }

  /** Ends the JVM with {@code status}. */
  public static void terminate(int status) {
    terminate(status, "exit status " + status);
  }

  /** Ends the JVM with {@code status}, printing {@code message} to standard error unless the status is 0. */
  public static void terminate(int status, String message) {
    if (systemExitDisabled) {
      ExitException e = new ExitException(status, message);
      FIRST_EXIT.compareAndSet(null, e);
      throw e;
    }
    if (status != 0) {
      System.err.println(message);
    }
    System.exit(status);
  }

  /** Ends the JVM with {@code status}, the message of {@code cause}. */
  public static void terminate(int status, Throwable cause) {
    terminate(status, String.valueOf(cause.getMessage()));
  }
}
