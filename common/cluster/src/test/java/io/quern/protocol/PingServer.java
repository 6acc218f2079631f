package io.quern.protocol;

import java.rmi.RemoteException;
import java.util.concurrent.atomic.AtomicInteger;

/** A named {@link Pingable} that counts the calls it serves. */
public final class PingServer implements Pingable {
  private final String name;
  private final AtomicInteger calls = new AtomicInteger();

  public PingServer(String name) {
    this.name = name;
  }

  @Override
  public String ping() {
    calls.incrementAndGet();
    return name;
  }

  @Override
  public String echo(Envelope envelope) throws PingRefusedException {
    calls.incrementAndGet();
    if ("refuse".equals(envelope.label())) {
      throw new PingRefusedException(name + " refuses");
    }
    Object p = envelope.payload();
    return name + ":" + envelope.label() + ":" + (p == null ? "null" : p.getClass().getSimpleName());
  }

  @Override
  public String relay(Pingable other) throws RemoteException {
    calls.incrementAndGet();
    return name + "->" + other.ping();
  }

  @Override
  public String slowPing(long millis) {
    calls.incrementAndGet();
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return name;
  }

  public int calls() {
    return calls.get();
  }
}
