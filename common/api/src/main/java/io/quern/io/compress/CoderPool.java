package io.quern.io.compress;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The coders of one kind (compressors or decompressors) that {@link CodecPool} keeps, by type,
 * and those it has handed out. Coders are compared by identity: a coder is the same coder only
 * if it is the same object. All methods lock the pool; resetting or ending a coder is quick.
 */
final class CoderPool<T> {

  private static final Logger LOG = LogManager.getLogger(CodecPool.class);

  private final String kind;
  /** Idle coders per type, the most recently returned first. Guarded by this. */
  private final Map<Class<?>, ArrayDeque<T>> idle = new HashMap<>();
  /** The coders in idle, by identity. Guarded by this. */
  private final Set<T> idleCoders = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Coders handed out and not yet returned, with the type they were asked for. Guarded by this. */
  private final Map<T, Class<?>> leased = new IdentityHashMap<>();

  CoderPool(String kind) {
    this.kind = kind;
  }

  /** An idle coder of {@code type}, now no longer idle, or null. */
  synchronized T take(Class<?> type) {
    ArrayDeque<T> coders = idle.get(type);
    T coder = coders == null ? null : coders.pollFirst();
    if (coder != null) {
      idleCoders.remove(coder);
    } else {
      LOG.debug("no idle {} of {}: the codec makes a new one", kind, type.getName());
    }
    return coder;
  }

  /** Records {@code coder} as handed out for {@code type}; a {@link DoNotPool} one is not tracked. */
  synchronized void leased(T coder, Class<?> type) {
    if (!doNotPool(coder)) {
      leased.put(coder, type);
    }
  }

  /**
   * Takes {@code coder} back: resets it and keeps it under the type it was handed out for (its
   * class if the pool did not hand it out). A coder already idle is left alone; a {@link
   * DoNotPool} one, or one that fails to reset, is ended instead.
   */
  synchronized void giveBack(T coder, Consumer<T> reset, Consumer<T> end) {
    if (idleCoders.contains(coder)) {
      LOG.debug("{} {} returned again while in the pool; ignored", kind, coder);
      return;
    }
    Class<?> type = leased.remove(coder);
    if (doNotPool(coder)) {
      end.accept(coder);
      return;
    }
    try {
      reset.accept(coder);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed to reset; it is ended instead of kept", kind, coder, e);
      end.accept(coder);
      return;
    }
    idle.computeIfAbsent(type != null ? type : coder.getClass(), t -> new ArrayDeque<>()).addFirst(coder);
    idleCoders.add(coder);
  }

  /** Coders handed out for {@code type} and not yet returned. */
  synchronized int leasedCount(Class<?> type) {
    int n = 0;
    for (Class<?> t : leased.values()) {
      if (t == type) {
        n++;
      }
    }
    return n;
  }

  private static boolean doNotPool(Object coder) {
    return coder.getClass().isAnnotationPresent(DoNotPool.class);
  }
}
