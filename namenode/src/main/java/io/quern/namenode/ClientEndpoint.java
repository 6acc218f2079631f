package io.quern.namenode;

import io.quern.protocol.AddBlockRequest;
import io.quern.protocol.BadReplica;
import io.quern.protocol.ClientNamenodeProtocol;
import io.quern.protocol.CreateRequest;
import io.quern.protocol.DatanodeReport;
import io.quern.protocol.DfsFileStatus;
import io.quern.protocol.LocatedBlock;
import io.quern.protocol.LocatedBlocks;
import io.quern.protocol.SafeModeAction;
import java.io.IOException;
import java.util.List;

/** RMI face of the namesystem for clients: one line per call. */
final class ClientEndpoint implements ClientNamenodeProtocol {
  private final FsNamesystem ns;

  ClientEndpoint(FsNamesystem ns) {
    this.ns = ns;
  }

  public DfsFileStatus getFileInfo(String path) throws IOException { return ns.getFileInfo(path); }

  public List<DfsFileStatus> getListing(String path) throws IOException { return ns.getListing(path); }

  public boolean mkdirs(String path, String owner) throws IOException { return ns.mkdirs(path, owner); }

  public DfsFileStatus create(CreateRequest request) throws IOException { return ns.create(request); }

  public LocatedBlock addBlock(AddBlockRequest request) throws IOException { return ns.addBlock(request); }

  public void abandonBlock(String path, String client, long blockId) throws IOException {
    ns.abandonBlock(path, client, blockId);
  }

  public boolean complete(String path, String client, long lastBlockId, long lastLength) throws IOException {
    return ns.complete(path, client, lastBlockId, lastLength);
  }

  public void renewLease(String client) throws IOException { ns.renewLease(client); }

  public LocatedBlocks getBlockLocations(String path, long offset, long length, String clientHost)
      throws IOException {
    return ns.getBlockLocations(path, offset, length, clientHost);
  }

  public boolean delete(String path, boolean recursive) throws IOException { return ns.delete(path, recursive); }

  public boolean rename(String src, String dst) throws IOException { return ns.rename(src, dst); }

  public boolean setReplication(String path, int replication) throws IOException {
    return ns.setReplication(path, replication);
  }

  public void reportBadBlocks(List<BadReplica> replicas) { ns.datanodes().reportBadBlocks(replicas); }

  public boolean setSafeMode(SafeModeAction action) { return ns.setSafeMode(action); }

  public List<DatanodeReport> getDatanodeReport() { return ns.datanodes().datanodeReport(); }

  public List<String> decommission(String host) { return ns.datanodes().decommission(host); }
}
