package io.quern.cluster.zk;

import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The ACL of every znode a secure Quern process creates: all rights for the digest identity
 * derived from the cluster secret, READ for everyone (so that {@code zkCli} and a report tool
 * without the secret can still look). The ancestors of the cluster root (e.g. {@code /quern},
 * shared by every cluster of the ensemble) also grant everyone CREATE, so that another cluster,
 * with another secret, can still make its root there; they hold no data.
 *
 * <p>An explicit digest rather than CREATOR_ALL: the grant does not depend on which
 * authentications the creating session happened to carry, and reads the same in every znode.
 */
final class ZkAcls implements ACLProvider {
  private final Id quern;
  /** Immutable. */
  private final List<ACL> member;
  /** Immutable. */
  private final List<ACL> ancestor;
  private final String root;

  ZkAcls(String auth, String clusterRoot) {
    try {
      quern = new Id("digest", DigestAuthenticationProvider.generateDigest(auth));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
    Id anyone = new Id("world", "anyone");
    // not List.of: ZooKeeper asks its ACL lists whether they contain null, which List.of refuses
    this.member = Collections.unmodifiableList(Arrays.asList(new ACL(Perms.ALL, quern), new ACL(Perms.READ, anyone)));
    this.ancestor = Collections.unmodifiableList(
        Arrays.asList(new ACL(Perms.ALL, quern), new ACL(Perms.READ | Perms.CREATE, anyone)));
    this.root = clusterRoot;
  }

  /** Whether {@code id} is the digest identity of this cluster's secret. */
  boolean isOurs(Id id) {
    return quern.equals(id);
  }

  @Override
  public List<ACL> getDefaultAcl() {
    return member;
  }

  @Override
  public List<ACL> getAclForPath(String path) {
    return path != null && path.length() < root.length() && root.startsWith(path.endsWith("/") ? path : path + "/")
        ? ancestor : member;
  }
}
