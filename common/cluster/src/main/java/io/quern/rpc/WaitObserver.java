package io.quern.rpc;

/**
 * Told by {@link ResilientProxy} when a call starts waiting for an unreachable server and when
 * that wait ends (the call went through or gave up), so that a process can say what it waits
 * for (a task reports "waiting for the NameNode" instead of going silent).
 */
public interface WaitObserver {
  WaitObserver NONE = new WaitObserver() {
    @Override
    public void waiting() {}

    @Override
    public void resumed() {}
  };

  /** A call could not reach the server and will try again. */
  void waiting();

  /** A call that was {@link #waiting()} has ended, one way or the other. */
  void resumed();
}
