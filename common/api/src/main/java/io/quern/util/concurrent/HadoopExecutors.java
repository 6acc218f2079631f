package io.quern.util.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Thread pools as Hadoop code makes them: the JDK's pools, whose tasks' uncaught exceptions are
 * logged rather than lost (an exception of a submitted task still goes to its {@code Future}).
 */
public final class HadoopExecutors {
  private static final Logger LOG = LogManager.getLogger(HadoopExecutors.class);

  private HadoopExecutors() {}

  private static ThreadFactory logging(ThreadFactory base) {
    return r -> {
      Thread t = base.newThread(r);
      t.setUncaughtExceptionHandler((th, e) -> LOG.error("Thread {} died: {}", th.getName(), e.toString(), e));
      return t;
    };
  }

  public static ExecutorService newFixedThreadPool(int threads) {
    return Executors.newFixedThreadPool(threads, logging(Executors.defaultThreadFactory()));
  }

  public static ExecutorService newFixedThreadPool(int threads, ThreadFactory factory) {
    return Executors.newFixedThreadPool(threads, logging(factory));
  }

  public static ExecutorService newCachedThreadPool() {
    return Executors.newCachedThreadPool(logging(Executors.defaultThreadFactory()));
  }

  public static ExecutorService newCachedThreadPool(ThreadFactory factory) {
    return Executors.newCachedThreadPool(logging(factory));
  }

  public static ExecutorService newSingleThreadExecutor() {
    return Executors.newSingleThreadExecutor(logging(Executors.defaultThreadFactory()));
  }

  public static ExecutorService newSingleThreadExecutor(ThreadFactory factory) {
    return Executors.newSingleThreadExecutor(logging(factory));
  }

  public static ScheduledExecutorService newScheduledThreadPool(int threads) {
    return Executors.newScheduledThreadPool(threads, logging(Executors.defaultThreadFactory()));
  }

  public static ScheduledExecutorService newSingleThreadScheduledExecutor() {
    return Executors.newSingleThreadScheduledExecutor(logging(Executors.defaultThreadFactory()));
  }
}
