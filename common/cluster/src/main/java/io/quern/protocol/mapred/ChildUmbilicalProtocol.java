package io.quern.protocol.mapred;

import java.rmi.RemoteException;

/**
 * A task child JVM to its own worker: fetch the next attempt to run, then report on it
 * with the umbilical calls, which the worker forwards to the master.
 */
public interface ChildUmbilicalProtocol extends TaskUmbilicalProtocol {
  String NAME = "ChildUmbilicalProtocol";

  /**
   * Waits up to {@code waitMillis} for an attempt for this child; null when none came, and
   * an attempt with a null id tells the child to exit.
   */
  TaskLaunch nextTask(String childId, long waitMillis) throws RemoteException;

  /**
   * The NameNode's RMI endpoint ({@code host:port}) as the worker sees it in ZooKeeper, or null
   * while none is registered: children find the DFS through their worker rather than each
   * opening a ZooKeeper session.
   */
  String namenodeEndpoint() throws RemoteException;

  /**
   * The RMI endpoint ({@code host:port}) of the DataNode registered on the worker's own host, or
   * null while none is: a child connects to it before its first attempt reads a local replica.
   */
  String localDatanodeEndpoint() throws RemoteException;
}
