package io.quern.protocol.mapred;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** Worker to worker: reducers fetch a map's output partition in chunks. */
public interface ShuffleProtocol extends Remote {
  String NAME = "ShuffleProtocol";

  /** Returns up to {@code maxLength} bytes of the partition from {@code offset}. */
  ShuffleChunk fetch(String jobId, String mapAttemptId, int partition, long offset, int maxLength)
      throws MapOutputMissingException, RemoteException;
}
