package io.quern.protocol;

import java.io.IOException;
import java.rmi.Remote;
import java.util.List;

/** Client → NameNode: namespace operations, block allocation, block locations, administration. */
public interface ClientNamenodeProtocol extends Remote {
  String NAME = "ClientNamenodeProtocol";

  /** The status of {@code path}, or null when it does not exist. */
  DfsFileStatus getFileInfo(String path) throws IOException;

  /** The children of a directory (or the file itself), sorted by name. */
  List<DfsFileStatus> getListing(String path) throws IOException;

  boolean mkdirs(String path, String owner) throws IOException;

  DfsFileStatus create(CreateRequest request) throws IOException;

  LocatedBlock addBlock(AddBlockRequest request) throws IOException;

  /** Drops a just-allocated block the writer could not write to any DataNode. */
  void abandonBlock(String path, String clientName, long blockId) throws IOException;

  /**
   * Commits the last block and closes the file. Returns false while the last block has fewer
   * than the minimum replicas reported; the writer calls again.
   */
  boolean complete(String path, String clientName, long lastBlockId, long lastLength) throws IOException;

  void renewLease(String clientName) throws IOException;

  LocatedBlocks getBlockLocations(String path, long offset, long length, String clientHost) throws IOException;

  /** False when {@code path} does not exist. */
  boolean delete(String path, boolean recursive) throws IOException;

  /** Atomic; moving into an existing directory puts {@code src} under it, as in Hadoop. */
  boolean rename(String src, String dst) throws IOException;

  boolean setReplication(String path, int replication) throws IOException;

  void reportBadBlocks(List<BadReplica> replicas) throws IOException;

  /** Applies the action and returns whether safe mode is on afterwards. */
  boolean setSafeMode(SafeModeAction action) throws IOException;

  List<DatanodeReport> getDatanodeReport() throws IOException;

  /** Starts draining the DataNodes on {@code host} (host or host:port). */
  List<String> decommission(String host) throws IOException;
}
