package io.quern.cluster.zk;

import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/** The persistent epoch counter: each new leader takes epoch + 1 by compare-and-set on the znode version. */
final class ZkEpochs {
  private ZkEpochs() {}

  static long next(CuratorFramework client, String path) throws Exception {
    for (int attempt = 0; attempt < 20; attempt++) {
      Stat stat = new Stat();
      long current;
      try {
        current = parse(client.getData().storingStatIn(stat).forPath(path));
      } catch (KeeperException.NoNodeException e) {
        try {
          client.create().creatingParentContainersIfNeeded().forPath(path, bytes(1));
          return 1;
        } catch (KeeperException.NodeExistsException raced) {
          continue;
        }
      }
      try {
        client.setData().withVersion(stat.getVersion()).forPath(path, bytes(current + 1));
        return current + 1;
      } catch (KeeperException.BadVersionException raced) {
        // another contender moved the counter first; read it again
      }
    }
    throw new IllegalStateException("epoch counter " + path + " keeps changing under us");
  }

  static long read(CuratorFramework client, String path) throws Exception {
    try {
      return parse(client.getData().forPath(path));
    } catch (KeeperException.NoNodeException e) {
      return 0;
    }
  }

  private static long parse(byte[] data) {
    try {
      return Long.parseLong(new String(data, StandardCharsets.UTF_8).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static byte[] bytes(long v) {
    return Long.toString(v).getBytes(StandardCharsets.UTF_8);
  }
}
