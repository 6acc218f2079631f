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

  public DfsFileStatus getFileInfo(String user, String path) throws IOException { return ns.getFileInfo(user, path); }

  public List<DfsFileStatus> getListing(String user, String path) throws IOException { return ns.getListing(user, path); }

  public boolean mkdirs(String user, String path) throws IOException { return ns.mkdirs(path, user); }

  public DfsFileStatus create(CreateRequest request) throws IOException { return ns.create(request); }

  public LocatedBlock addBlock(AddBlockRequest request) throws IOException { return ns.addBlock(request); }

  public void abandonBlock(String path, String client, long blockId) throws IOException {
    ns.abandonBlock(path, client, blockId);
  }

  public boolean complete(String path, String client, long lastBlockId, long lastLength) throws IOException {
    return ns.complete(path, client, lastBlockId, lastLength);
  }

  public void renewLease(String client) throws IOException { ns.renewLease(client); }

  public LocatedBlocks getBlockLocations(String user, String path, long offset, long length, String clientHost)
      throws IOException {
    return ns.getBlockLocations(user, path, offset, length, clientHost);
  }

  public boolean delete(String user, String path, boolean recursive) throws IOException {
    return ns.delete(user, path, recursive);
  }

  public boolean rename(String user, String src, String dst) throws IOException { return ns.rename(user, src, dst); }

  public boolean setReplication(String user, String path, int replication) throws IOException {
    return ns.setReplication(user, path, replication);
  }

  public void setPermission(String user, String path, short mode) throws IOException {
    ns.setPermission(user, path, mode);
  }

  public void setOwner(String user, String path, String owner, String group) throws IOException {
    ns.setOwner(user, path, owner, group);
  }

  public void reportBadBlocks(List<BadReplica> replicas) { ns.datanodes().reportBadBlocks(replicas); }

  public boolean setSafeMode(SafeModeAction action) { return ns.setSafeMode(action); }

  public List<DatanodeReport> getDatanodeReport() { return ns.datanodes().datanodeReport(); }

  public List<String> decommission(String host) { return ns.datanodes().decommission(host); }
}
