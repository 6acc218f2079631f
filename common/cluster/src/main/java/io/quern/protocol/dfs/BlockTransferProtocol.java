package io.quern.protocol.dfs;

import java.io.IOException;
import java.rmi.Remote;
import java.util.List;

/**
 * Client/DataNode → DataNode block transfer, in chunks of about 1 MiB so that no call holds a
 * whole block. A write goes down the pipeline named in each chunk and returns once every node
 * has written it, or says which node failed: a node whose own write fails throws, and the node
 * before it names it in its {@link WriteAck}; a node that does not answer within its wait is named
 * the same way. Each node waits less for the next than its caller waits for it (the {@code
 * ackWaitMs} it is given), so the node named is the one that failed, never a healthy one before
 * it that was still waiting. A read returns data with its stored checksums.
 * A task JVM must show the block access token its NameNode answer carried (see
 * {@link io.quern.security.BlockTokens}); daemons and clients holding the cluster secret need not.
 */
public interface BlockTransferProtocol extends Remote {
  String NAME = "BlockTransferProtocol";

  WriteAck writeChunk(WriteChunk chunk) throws IOException;

  /**
   * Makes the replica readable at {@code length} on this node and its downstream; reports it to
   * the NameNode. {@code ackWaitMs}: how long the caller waits for the answer (0: it does not say).
   */
  WriteAck finalizeBlock(long blockId, long length, List<DatanodeRef> downstream, byte[] accessToken, long ackWaitMs)
      throws IOException;

  /** Pipeline recovery: cuts a replica being written back to {@code length}, the last acknowledged one. */
  void truncateReplica(long blockId, long length, byte[] accessToken) throws IOException;

  ReadChunk readChunk(long blockId, long offset, int length, byte[] accessToken) throws IOException;

  /**
   * Short-circuit read: leave to stream the finalized replica of {@code blockId} over this
   * DataNode's local socket, for a caller on its host. The access token is checked as for
   * {@link #readChunk}; refused (an IOException) when the DataNode serves no local reads or has
   * too many grants outstanding, and the caller then reads over RPC.
   */
  LocalReadGrant requestLocalRead(long blockId, byte[] accessToken) throws IOException;
}
