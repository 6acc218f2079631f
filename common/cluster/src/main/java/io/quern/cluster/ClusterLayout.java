package io.quern.cluster;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;

/** The znode paths of one cluster, all under {@code <quern.zookeeper.root>/<quern.cluster.id>}. */
public final class ClusterLayout {
  private final String root;

  public ClusterLayout(String zookeeperRoot, String clusterId) {
    if (clusterId.isBlank() || clusterId.contains("/")) {
      throw new IllegalArgumentException("quern.cluster.id must be a non-empty name without '/': " + clusterId);
    }
    String r = zookeeperRoot.endsWith("/") ? zookeeperRoot.substring(0, zookeeperRoot.length() - 1) : zookeeperRoot;
    if (!r.startsWith("/")) {
      throw new IllegalArgumentException("quern.zookeeper.root must start with '/': " + zookeeperRoot);
    }
    this.root = r + "/" + clusterId;
  }

  public static ClusterLayout fromConf(Configuration conf) {
    return new ClusterLayout(CoreKeys.ZOOKEEPER_ROOT.get(conf), CoreKeys.CLUSTER_ID.get(conf));
  }

  public String root() {
    return root;
  }

  /** Parent of the ephemeral registrations of one role. */
  public String nodes(Role role) {
    return root + switch (role) {
      case NAMENODE -> "/namenode";
      case DATANODE -> "/datanodes";
      case MASTER -> "/masters";
      case WORKER -> "/workers";
    };
  }

  public String node(Role role, String id) {
    return nodes(role) + "/" + id;
  }

  public String masterElection() {
    return root + "/master/election";
  }

  /** Ephemeral: endpoint and epoch of the active master. */
  public String masterLeader() {
    return root + "/master/leader";
  }

  /** Persistent counter; each new leader takes epoch + 1 with a compare-and-set on its version. */
  public String masterEpoch() {
    return root + "/master/epoch";
  }

  /** Persistent: what a new master needs to carry a job on. */
  public String jobs() {
    return root + "/jobs";
  }

  public String job(String jobId) {
    return jobs() + "/" + jobId;
  }
}
