package io.quern.rpc;

/** Time as the retry loop of {@link ResilientProxy} sees it; tests pass one that does not sleep. */
interface RetryTimer {
  long nanoTime();

  void sleep(long millis) throws InterruptedException;

  RetryTimer SYSTEM = new RetryTimer() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }
  };
}
