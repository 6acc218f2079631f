package io.quern.cluster.zk;

/** ZooKeeper cannot be reached; the message says where it was looked for. */
public class ZkUnavailableException extends Exception {
  public ZkUnavailableException(String message) {
    super(message);
  }
}
