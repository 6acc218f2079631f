package io.quern.cluster.zk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.ZooKeeper;

/**
 * Ends, as a command-line client's JVM exits, the ZooKeeper sessions still open in it: those of
 * its file systems and of its master connection, which live as long as the process.
 *
 * <p>Why: a session's I/O thread waits for the server in native code, and the JVM's exit waits
 * up to 300 ms for threads in native code before it halts. Left open, the sessions cost every
 * {@code quern jar} that long after its last line, and the server kept them until they timed
 * out. Ended here, the server drops them at once and the I/O threads leave native code.
 *
 * <p>The exit waits for each session until the server has closed it, not for its client to wind
 * down (ZooKeeper's I/O thread lingers 100 ms asleep after closing its socket, which the exit
 * does not wait for), and at most {@link #WAIT_MS} in all: an unreachable ZooKeeper never holds
 * a command that has finished. Only the sessions end: open DFS files are left to lease recovery
 * as when the process dies, and the JVM's other threads run on until it halts.
 */
public final class ZkSessionsAtExit {
  /** How long an exit waits for the sessions; with the server answering, an end takes milliseconds. */
  static final long WAIT_MS = 2_000;
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private ZkSessionsAtExit() {}

  /** Ends the open sessions when the JVM exits; once per process, later calls do nothing. */
  public static void install() {
    if (INSTALLED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> endAll(WAIT_MS), "end-zookeeper-sessions"));
    }
  }

  /** Ends every open session side by side; returns once the server has closed each, or after about maxWaitMs. */
  static void endAll(long maxWaitMs) {
    List<ZooKeeper> handles = new ArrayList<>();
    List<Thread> closers = new ArrayList<>();
    for (ZkCluster zk : ZkCluster.openInstances()) {
      handles.add(zk.sessionHandle());
      Thread t = new Thread(zk::closeSessionOnly, "end-zookeeper-session");
      t.setDaemon(true); // one still closing at the deadline must not keep the JVM
      t.start();
      closers.add(t);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    try {
      for (int i = 0; i < closers.size(); i++) {
        ZooKeeper handle = handles.get(i);
        // ZooKeeper tells the end only by its state, so look every millisecond; the close
        // returns by itself when there was no session to end.
        while (closers.get(i).isAlive() && (handle == null || handle.getState().isAlive())
            && deadline - System.nanoTime() > 0) {
          closers.get(i).join(1);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
