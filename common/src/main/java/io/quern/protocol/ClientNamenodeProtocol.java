package io.quern.protocol;

import io.quern.rpc.Idempotent;
import java.io.IOException;
import java.rmi.Remote;
import java.util.List;

/** Client → NameNode: namespace operations, block allocation, block locations, administration. */
public interface ClientNamenodeProtocol extends Remote {
  // @Idempotent: repeating the call after a lost reply does no harm; create and addBlock are made
  // so on the NameNode (a repeat by the same client returns what the first call made).
  String NAME = "ClientNamenodeProtocol";

  /** The status of {@code path}, or null when it does not exist. */
  @Idempotent
  DfsFileStatus getFileInfo(String path) throws IOException;

  /** The children of a directory (or the file itself), sorted by name. */
  @Idempotent
  List<DfsFileStatus> getListing(String path) throws IOException;

  @Idempotent
  boolean mkdirs(String path, String owner) throws IOException;

  @Idempotent
  DfsFileStatus create(CreateRequest request) throws IOException;

  @Idempotent
  LocatedBlock addBlock(AddBlockRequest request) throws IOException;

  /** Drops a just-allocated block the writer could not write to any DataNode. */
  @Idempotent
  void abandonBlock(String path, String clientName, long blockId) throws IOException;

  /**
   * Commits the last block and closes the file; true again when repeated on the file it closed. Returns false while the last block has fewer
   * than the minimum replicas reported; the writer calls again.
   */
  @Idempotent
  boolean complete(String path, String clientName, long lastBlockId, long lastLength) throws IOException;

  @Idempotent
  void renewLease(String clientName) throws IOException;

  @Idempotent
  LocatedBlocks getBlockLocations(String path, long offset, long length, String clientHost) throws IOException;

  /** False when {@code path} does not exist. */
  boolean delete(String path, boolean recursive) throws IOException;

  /** Atomic; moving into an existing directory puts {@code src} under it, as in Hadoop. */
  boolean rename(String src, String dst) throws IOException;

  @Idempotent
  boolean setReplication(String path, int replication) throws IOException;

  @Idempotent
  void reportBadBlocks(List<BadReplica> replicas) throws IOException;

  /** Applies the action and returns whether safe mode is on afterwards. */
  boolean setSafeMode(SafeModeAction action) throws IOException;

  @Idempotent
  List<DatanodeReport> getDatanodeReport() throws IOException;

  /** Starts draining the DataNodes on {@code host} (host or host:port). */
  List<String> decommission(String host) throws IOException;
}
