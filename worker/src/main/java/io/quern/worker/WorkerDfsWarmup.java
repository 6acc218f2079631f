package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.net.HostPort;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.rpc.SharedStubs;
import java.util.function.Supplier;

/**
 * Readies the worker's own DFS client in the background once the worker is up: the first job a
 * worker runs copies its jar from the DFS, and in a worker that never used its DFS client that
 * first copy spent 250–400 ms (NameNode lookup and handshake, the local DataNode's, cold code)
 * against 40 ms for the next job's jar. Done here, it is off the first job's path. Best effort:
 * with no DFS (a local file system cluster) or no NameNode registered yet, the first copy pays.
 */
final class WorkerDfsWarmup {
  private WorkerDfsWarmup() {}

  static void start(Configuration conf, Supplier<HostPort> localDatanode) {
    Thread t = new Thread(() -> warm(conf, localDatanode), "worker-dfs-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void warm(Configuration conf, Supplier<HostPort> localDatanode) {
    try {
      // The cached instance: the one the jar copies use (JobJarCache opens through Path.getFileSystem).
      Path root = new Path("/");
      root.getFileSystem(conf).exists(root);
      HostPort datanode = localDatanode.get();
      if (datanode != null) {
        SharedStubs.lookup(conf, datanode, BlockTransferProtocol.NAME, BlockTransferProtocol.class);
      }
    } catch (Throwable e) {
      // no DFS reachable from here: the first jar copy does this itself
    }
  }
}
