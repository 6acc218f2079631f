package io.quern.rpc;

import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when the code under test sleeps. */
final class FakeTimer implements RetryTimer {
  private long nanos;
  final List<Long> sleeps = new ArrayList<>();

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public void sleep(long millis) {
    sleeps.add(millis);
    nanos += millis * 1_000_000;
  }

  long totalSleptMillis() {
    return sleeps.stream().mapToLong(Long::longValue).sum();
  }
}
