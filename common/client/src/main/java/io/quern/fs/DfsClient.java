package io.quern.fs;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.conf.UserName;
import io.quern.protocol.dfs.BadReplica;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One DFS client: a name for leases, the connector, the open output streams and the thread that
 * renews their lease. The lease ends when this process dies (renewals stop) or on {@link #abort}.
 */
public final class DfsClient implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(DfsClient.class);

  final String clientName;
  final String clientHost;
  /** Who this client acts as for DFS permissions: {@link UserName}. */
  final String user;
  final int chunkSize;
  final int bytesPerChecksum;
  final long completeTimeoutMs;
  final int writeWindow;
  /** Chunks a reader fetches ahead of the one it is consuming. */
  final int readAhead;
  /** How long a reader waits for a restarted NameNode to learn where a block's replicas are. */
  final long replicaWaitMs;
  /** Whether readers read replicas of a DataNode on this host over its local socket ({@link LocalBlockReader}). */
  final boolean shortCircuit;
  /** How long a short-circuit read waits for bytes, as an RPC waits for its answer. */
  final long localReadTimeoutMs;
  /**
   * How long a call to a DataNode waits for its answer (quern.rpc.read.timeout), told to the
   * first node of a write pipeline, which waits less for the next ({@link PipelineTimeouts}).
   */
  final long ackWaitMs;
  /** Which DataNode hosts are this host, whose replicas are read short-circuit. */
  final LocalHosts localHosts;
  private final ReadStatistics readStatistics = new ReadStatistics();
  private final DfsConnector connector;
  /** Runs block transfer calls in flight (write window, read-ahead); threads die when idle. */
  private final ExecutorService transfers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "dfs-transfer");
    t.setDaemon(true);
    return t;
  });
  /** A concurrent set: streams add and remove themselves, the lease renewer and close() read it. */
  private final Set<DfsOutputStream> writers = ConcurrentHashMap.newKeySet();
  private final Thread renewer;
  private volatile boolean closed;

  public DfsClient(Configuration conf, DfsConnector connector) {
    this.connector = connector;
    this.user = UserName.of(conf);
    this.clientHost = CoreKeys.DAEMON_HOST.get(conf);
    this.clientName = "DFSClient_" + clientHost + "_" + ProcessHandle.current().pid() + "_"
        + UUID.randomUUID().toString().substring(0, 8);
    this.chunkSize = (int) DfsKeys.CLIENT_TRANSFER_CHUNK_SIZE.getBytes(conf);
    this.bytesPerChecksum = (int) DfsKeys.BYTES_PER_CHECKSUM.getBytes(conf);
    if (chunkSize <= 0 || chunkSize % bytesPerChecksum != 0) {
      throw conf.bad(DfsKeys.CLIENT_TRANSFER_CHUNK_SIZE.name(), conf.get(DfsKeys.CLIENT_TRANSFER_CHUNK_SIZE.name()),
          "a positive multiple of dfs.bytes-per-checksum");
    }
    this.completeTimeoutMs = DfsKeys.CLIENT_COMPLETE_TIMEOUT.get(conf, TimeUnit.MILLISECONDS);
    this.writeWindow = DfsKeys.CLIENT_WRITE_WINDOW.getInt(conf);
    if (writeWindow < 1) {
      throw conf.bad(DfsKeys.CLIENT_WRITE_WINDOW.name(), conf.get(DfsKeys.CLIENT_WRITE_WINDOW.name()), "a positive number of chunks");
    }
    this.replicaWaitMs = ZkRmiConnector.namenodeRetryWindowMs(conf);
    this.readAhead = DfsKeys.CLIENT_READ_AHEAD.getInt(conf);
    if (readAhead < 0) {
      throw conf.bad(DfsKeys.CLIENT_READ_AHEAD.name(), conf.get(DfsKeys.CLIENT_READ_AHEAD.name()), "a number of chunks, 0 or more");
    }
    this.shortCircuit = DfsKeys.CLIENT_READ_SHORTCIRCUIT.getBoolean(conf);
    this.localHosts = new LocalHosts(clientHost);
    this.localReadTimeoutMs = CoreKeys.RPC_READ_TIMEOUT.millis(conf);
    this.ackWaitMs = CoreKeys.RPC_READ_TIMEOUT.millis(conf);
    long renewMs = DfsKeys.CLIENT_LEASE_RENEW_INTERVAL.get(conf, TimeUnit.MILLISECONDS);
    this.renewer = new Thread(() -> renewLoop(renewMs), "lease-renewer-" + clientName);
    renewer.setDaemon(true);
    renewer.start();
  }

  public ClientNamenodeProtocol namenode() {
    return connector.namenode();
  }

  BlockTransferProtocol datanode(DatanodeRef ref) throws IOException {
    return connector.datanode(ref);
  }

  /** Runs a block transfer call on a transfer thread. */
  <T> Future<T> transfer(Callable<T> call) {
    return transfers.submit(call);
  }

  /** What this client's input streams have read, and how much of it short-circuit. */
  public ReadStatistics readStatistics() {
    return readStatistics;
  }

  public String user() {
    return user;
  }

  public String clientName() {
    return clientName;
  }

  void opened(DfsOutputStream s) {
    writers.add(s);
  }

  void closed(DfsOutputStream s) {
    writers.remove(s);
  }

  void reportBadReplica(long blockId, DatanodeRef node, byte[] accessToken) {
    try {
      namenode().reportBadBlocks(List.of(new BadReplica(blockId, node.id(), accessToken)));
    } catch (IOException e) {
      LOG.warn("Reporting corrupt replica blk_{} on {} to the NameNode failed: {}", blockId, node.id(), e.getMessage());
    }
  }

  private void renewLoop(long intervalMs) {
    while (!closed) {
      try {
        Thread.sleep(intervalMs);
      } catch (InterruptedException e) {
        return;
      }
      if (closed || writers.isEmpty()) {
        continue;
      }
      try {
        namenode().renewLease(clientName);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Renewing the lease of {} failed ({}); retrying in {} ms", clientName, e.getMessage(), intervalMs);
      }
    }
  }

  /** Closes open streams (completing their files), then disconnects. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (DfsOutputStream s : List.copyOf(writers)) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.warn("Closing {} while closing the file system failed: {}", s.path(), e.getMessage());
      }
    }
    shutdown();
  }

  /**
   * Drops open streams without completing their files and disconnects, as if the process had
   * died: the NameNode closes the files when their lease expires.
   */
  public void abort() {
    writers.forEach(DfsOutputStream::abandon);
    writers.clear();
    shutdown();
  }

  private void shutdown() {
    closed = true;
    renewer.interrupt();
    transfers.shutdownNow();
    connector.close();
  }
}
