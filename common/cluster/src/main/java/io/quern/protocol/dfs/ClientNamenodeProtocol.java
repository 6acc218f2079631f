package io.quern.protocol.dfs;

import io.quern.rpc.Idempotent;
import java.io.IOException;
import java.rmi.Remote;
import java.util.List;

/** Client → NameNode: namespace operations, block allocation, block locations, administration. */
public interface ClientNamenodeProtocol extends Remote {
  // @Idempotent: repeating the call after a lost reply does no harm; create and addBlock are made
  // so on the NameNode (a repeat by the same client returns what the first call made).
  String NAME = "ClientNamenodeProtocol";
  //
  // {@code user} names the caller for permission checks (owner, group, mode as in Hadoop). From a
  // holder of the cluster secret it is taken as given (its OS user name, or quern.user.name): the
  // cluster network is trusted. A task proves a job token, which names the job's submitter; the
  // NameNode uses that user and ignores the claim.

  /** The status of {@code path}, or null when it does not exist. */
  @Idempotent
  DfsFileStatus getFileInfo(String user, String path) throws IOException;

  /** The children of a directory (or the file itself), sorted by name. */
  @Idempotent
  List<DfsFileStatus> getListing(String user, String path) throws IOException;

  @Idempotent
  boolean mkdirs(String user, String path) throws IOException;

  @Idempotent
  DfsFileStatus create(CreateRequest request) throws IOException;

  /**
   * {@link #create} and the first {@link #addBlock} in one call and one edit-log sync. A file
   * closed without data drops the block again in {@link #complete}. Repeated by the same client
   * after a lost reply, it answers the same file and block.
   */
  @Idempotent
  CreatedFile createWithBlock(CreateRequest request, String clientHost) throws IOException;

  @Idempotent
  LocatedBlock addBlock(AddBlockRequest request) throws IOException;

  /**
   * Reopens a closed file for {@code clientName} to append to: what it writes next goes into new
   * blocks (through {@link #addBlock}) after the file's last one, and {@link #complete} closes it
   * again. Repeated by the same client after a lost reply, it answers the same file.
   */
  @Idempotent
  DfsFileStatus append(String user, String path, String clientName) throws IOException;

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
  LocatedBlocks getBlockLocations(String user, String path, long offset, long length, String clientHost) throws IOException;

  /** False when {@code path} does not exist. */
  boolean delete(String user, String path, boolean recursive) throws IOException;

  /** Atomic; moving into an existing directory puts {@code src} under it, as in Hadoop. */
  boolean rename(String user, String src, String dst) throws IOException;

  @Idempotent
  boolean setReplication(String user, String path, int replication) throws IOException;

  /** Sets the 9-bit mode (0755); only the owner or a superuser may. */
  @Idempotent
  void setPermission(String user, String path, short mode) throws IOException;

  /**
   * Sets owner and/or group (null keeps it). Only a superuser may change the owner; the owner may
   * change the group to one of its own groups.
   */
  @Idempotent
  void setOwner(String user, String path, String owner, String group) throws IOException;

  @Idempotent
  void reportBadBlocks(List<BadReplica> replicas) throws IOException;

  /** Applies the action and returns whether safe mode is on afterwards. */
  boolean setSafeMode(SafeModeAction action) throws IOException;

  @Idempotent
  List<DatanodeReport> getDatanodeReport() throws IOException;

  /** Starts draining the DataNodes on {@code host} (host or host:port). */
  List<String> decommission(String host) throws IOException;
}
