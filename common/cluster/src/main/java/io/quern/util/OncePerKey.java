package io.quern.util;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Values opened once per key and shared by every thread that asks for that key, until someone
 * finds one dead and forgets it. Opening is slow (a registry lookup, a ZooKeeper session), so it
 * runs outside any lock: the first thread to ask for a key opens, the others asking meanwhile
 * wait for its result instead of opening a second, and threads asking for other keys wait on
 * nothing. A failed open is not kept: each of its waiters gets the failure, and the next thread
 * to ask opens again.
 *
 * @param <E> the checked failure of every opener used with this instance; as each waiter gets
 *     the failure of the open it waited for, one type for the whole instance keeps that typed
 */
public final class OncePerKey<K, V, E extends Exception> {
  /** Opens the value for a key; runs on the thread that asked first, outside any lock. */
  @FunctionalInterface
  public interface Opener<V, E extends Exception> {
    V open() throws E;
  }

  /** Thread-safe (concurrent map): any thread adds an open under way, removes a failed or forgotten one. */
  private final Map<K, CompletableFuture<V>> opened = new ConcurrentHashMap<>();

  /**
   * The value kept for {@code key}; if none is kept nor being opened, this thread opens it with
   * {@code open}.
   *
   * @throws E the failure of the open this thread ran or waited for (the same object for all)
   * @throws InterruptedException if interrupted while another thread opens; that open goes on
   */
  public V get(K key, Opener<? extends V, ? extends E> open) throws E, InterruptedException {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> first = opened.putIfAbsent(key, mine);
    if (first == null) {
      try {
        V value = open.open();
        mine.complete(value);
        return value;
      } catch (Throwable t) { // an Error too: left unfinished, the future would hold its waiters forever
        opened.remove(key, mine);
        mine.completeExceptionally(t);
        throw t;
      }
    }
    try {
      return first.get();
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /**
   * Drops {@code value} (dead, or its peer gone) if it is still the one kept for {@code key}, so
   * that the next thread asking opens a new one; a value already replaced is left alone.
   *
   * @return whether {@code value} was dropped
   */
  public boolean forget(K key, V value) {
    CompletableFuture<V> f = opened.get(key);
    return f != null && f.isDone() && !f.isCompletedExceptionally() && f.join() == value && opened.remove(key, f);
  }

  /**
   * An opener's failure as it was: unchecked ones are thrown here, anything else is an {@code E},
   * since every opener given to {@link #get} throws nothing else.
   */
  @SuppressWarnings("unchecked")
  private E failure(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return (E) t;
  }
}
