package io.quern.fs;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MapredKeys;
import io.quern.rpc.WaitObserver;
import java.util.concurrent.TimeUnit;

/**
 * Whether any DFS call of this process is waiting for a NameNode it cannot reach (one that is
 * restarting), and since when. Process-wide because the NameNode is one for the whole process:
 * a task child reports the wait as its status, which keeps its attempts from being timed out
 * while the NameNode comes back.
 */
public final class NamenodeWaits implements WaitObserver {
  public static final NamenodeWaits INSTANCE = new NamenodeWaits();

  /** {@code mapred.namenode.wait.window} of {@code conf}, checked. */
  public static long windowMillis(Configuration conf) {
    long ms = MapredKeys.NAMENODE_WAIT_WINDOW.millis(conf);
    if (ms <= 0) {
      String key = MapredKeys.NAMENODE_WAIT_WINDOW.name();
      throw conf.bad(key, conf.get(key), "a positive duration such as 5m");
    }
    return ms;
  }

  /**
   * A copy of {@code conf} whose DFS clients ride out an unreachable NameNode for the whole
   * {@code mapred.namenode.wait.window} (not only {@code dfs.client.retry.window}): for the processes that run
   * jobs, whose work is lost if a NameNode restart fails it.
   */
  public static Configuration forJobs(Configuration conf) {
    Configuration c = new Configuration(conf);
    long window = Math.max(windowMillis(conf), ZkRmiConnector.namenodeRetryWindowMs(conf));
    c.setTimeDuration(ZkRmiConnector.RETRY_WINDOW_KEY, window, TimeUnit.MILLISECONDS);
    return c;
  }

  /** Guarded by this. */
  private int waiting;
  /** Guarded by this; when {@code waiting} last went from 0 to 1, in System.nanoTime(). */
  private long sinceNanos;

  private NamenodeWaits() {}

  @Override
  public synchronized void waiting() {
    if (waiting++ == 0) {
      sinceNanos = System.nanoTime();
    }
  }

  @Override
  public synchronized void resumed() {
    if (waiting > 0) {
      waiting--;
    }
  }

  /** Milliseconds the oldest current wait has lasted, or -1 when no call is waiting. */
  public synchronized long waitingMillis() {
    return waiting == 0 ? -1 : (System.nanoTime() - sinceNanos) / 1_000_000;
  }

  /** A status line for the current wait, or null when no call is waiting. */
  public String describe() {
    long ms = waitingMillis();
    return ms < 0 ? null : "waiting for the NameNode (unreachable for " + ms / 1000 + " s)";
  }
}
