package io.quern.mapreduce.client;

import io.quern.cluster.LeaderElection;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.cluster.zk.ZkUnavailableException;
import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.protocol.mapred.JobSubmissionException;
import io.quern.protocol.mapred.JobSubmissionProtocol;
import io.quern.protocol.mapred.NotLeaderException;
import io.quern.protocol.mapred.UnknownJobException;
import io.quern.rpc.ResilientProxy;
import io.quern.rpc.RpcErrors;
import io.quern.util.OncePerKey;
import java.io.Closeable;
import java.io.IOException;
import java.rmi.RemoteException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client's line to the active master: ZooKeeper's leader view says where it is, the
 * resilient proxy re-resolves when it cannot connect, and a call answered by a master that
 * is no longer leader is retried, so a client rides through a master failover.
 */
public final class MasterConnection implements Closeable {
  private final ZkCluster zk;
  private final JobSubmissionProtocol proxy;
  private final long retryWindowMillis;

  private MasterConnection(ZkCluster zk, JobSubmissionProtocol proxy, long retryWindowMillis) {
    this.zk = zk;
    this.proxy = proxy;
    this.retryWindowMillis = retryWindowMillis;
  }

  /**
   * Shared connections by ZooKeeper quorum and cluster id; they live as long as the process.
   * Thread-safe (its own): the first caller for a cluster opens its connection outside any lock,
   * later callers for that cluster wait on it, and other clusters wait on nothing.
   */
  private static final OncePerKey<String, MasterConnection, IOException> SHARED = new OncePerKey<>();
  /** Whether close() ends the ZooKeeper session; false for the shared connections. Written once before the connection is published (returned by open, or kept in SHARED); read by close() after. */
  private boolean owned = true;

  /**
   * The process's one connection to the master of the conf's cluster, opened on first use and
   * never closed: a program submitting job after job then pays for one ZooKeeper session, not one
   * per job (opening one and closing it cost a tiny job a few hundred milliseconds).
   */
  public static MasterConnection shared(Configuration conf) throws IOException {
    String key = CoreKeys.ZOOKEEPER_QUORUM.get(conf) + "/" + CoreKeys.CLUSTER_ID.get(conf);
    try {
      return SHARED.get(key, () -> {
        MasterConnection c = open(conf);
        c.owned = false;
        return c;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while another thread connected to the master");
    }
  }

  public static MasterConnection open(Configuration conf) throws IOException {
    try {
      ZkCluster zk = ZkCluster.connect(conf);
      LeaderElection.View view = zk.leaderView();
      JobSubmissionProtocol proxy = ResilientProxy.create(JobSubmissionProtocol.class, JobSubmissionProtocol.NAME,
          () -> view.leader().map(LeaderElection.Leader::endpoint).orElse(null), conf);
      long window = CoreKeys.RPC_RETRY_WINDOW.millis(conf);
      return new MasterConnection(zk, proxy, window);
    } catch (ZkUnavailableException e) {
      throw new IOException("cannot reach ZooKeeper to find the master: " + e.getMessage(), e);
    }
  }

  /** A call on the master. */
  @FunctionalInterface
  public interface Call<T> {
    T apply(JobSubmissionProtocol master) throws Exception;
  }

  /** Runs the call on the active master; failures become an IOException of one sentence. */
  public <T> T call(Call<T> call) throws IOException {
    // The window runs from the first refusal, not from the call: a call that waited long on a
    // master cut off by a partition and then heard "not the leader" gets its full window to
    // find the new one.
    Long deadline = null;
    while (true) {
      try {
        return call.apply(proxy);
      } catch (NotLeaderException e) {
        if (deadline == null) {
          deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryWindowMillis);
        } else if (System.nanoTime() - deadline > 0) {
          throw new IOException("no active master answered within the retry window: " + e.getMessage());
        }
        pause();
      } catch (UnknownJobException | JobSubmissionException e) {
        throw new IOException(e.getMessage(), e);
      } catch (RemoteException e) {
        throw new IOException("master unreachable: " + RpcErrors.describe(e), e);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }

  /** The workers registered in ZooKeeper now: the ones the master can give tasks to. */
  public List<NodeInfo> liveWorkers() {
    return zk.membership().live(Role.WORKER);
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for an active master");
    }
  }

  /** Ends the ZooKeeper session of a connection from {@link #open}; a shared one stays. */
  @Override
  public void close() {
    if (owned) {
      zk.close();
    }
  }
}
