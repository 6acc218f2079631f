package io.quern.util;

import java.util.concurrent.TimeUnit;

/** Clocks: the wall clock for timestamps, the monotonic one for measuring intervals (it never jumps back). */
public final class Time {
  private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  private Time() {}

  /** Milliseconds since the epoch; may jump when the system clock is set. */
  public static long now() {
    return System.currentTimeMillis();
  }

  /** Milliseconds from an arbitrary origin, for intervals only. */
  public static long monotonicNow() {
    return System.nanoTime() / NANOS_PER_MILLI;
  }

  /** Nanoseconds from an arbitrary origin, for intervals only. */
  public static long monotonicNowNanos() {
    return System.nanoTime();
  }
}
