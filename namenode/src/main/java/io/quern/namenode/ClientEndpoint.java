package io.quern.namenode;

import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.BadReplica;
import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.CreatedFile;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.LocatedBlocks;
import io.quern.protocol.dfs.SafeModeAction;
import io.quern.rpc.CallContext;
import io.quern.security.BlockTokens;
import java.io.IOException;
import java.rmi.AccessException;
import java.util.List;

/**
 * RMI face of the namesystem for clients: one line per call. Tasks call with their job's token:
 * they act as the user the token was issued for (the job's submitter), whatever user they name,
 * and may not make the administrative calls.
 */
final class ClientEndpoint implements ClientNamenodeProtocol {
  private final FsNamesystem ns;
  /** Every located block carries a token for its caller: DataNodes serve tasks only with one. */
  private final BlockTokens tokens;

  ClientEndpoint(FsNamesystem ns, BlockTokens tokens) {
    this.ns = ns;
    this.tokens = tokens;
  }

  private LocatedBlock withToken(LocatedBlock b, String user, BlockTokens.Access access) {
    return b == null ? null : b.withAccessToken(tokens.issue(b.blockId(), user, access, System.currentTimeMillis()));
  }

  private static String as(String claimed) {
    return CallContext.effectiveUser(claimed);
  }

  public DfsFileStatus getFileInfo(String user, String path) throws IOException { return ns.getFileInfo(as(user), path); }

  public List<DfsFileStatus> getListing(String user, String path) throws IOException { return ns.getListing(as(user), path); }

  public boolean mkdirs(String user, String path) throws IOException { return ns.mkdirs(path, as(user)); }

  public DfsFileStatus create(CreateRequest r) throws IOException {
    return ns.create(ownedByCaller(r), null).status();
  }

  public CreatedFile createWithBlock(CreateRequest request, String clientHost) throws IOException {
    CreateRequest r = ownedByCaller(request);
    CreatedFile f = ns.create(r, clientHost);
    return new CreatedFile(f.status(), withToken(f.firstBlock(), r.owner(), BlockTokens.Access.WRITE));
  }

  /** The request with the file's owner the caller's proven user (a task's token), not its claim. */
  private static CreateRequest ownedByCaller(CreateRequest r) {
    String owner = as(r.owner());
    return owner.equals(r.owner()) ? r
        : new CreateRequest(r.path(), r.clientName(), owner, r.overwrite(), r.replication(), r.blockSize());
  }

  /** The write token names the caller's proved user; a client holding the secret is not checked by DataNodes. */
  public LocatedBlock addBlock(AddBlockRequest request) throws IOException {
    return withToken(ns.addBlock(request), as(""), BlockTokens.Access.WRITE);
  }

  public io.quern.protocol.dfs.DfsFileStatus append(String user, String path, String client) throws IOException {
    return ns.append(as(user), path, client);
  }

  public void abandonBlock(String path, String client, long blockId) throws IOException {
    ns.abandonBlock(path, client, blockId);
  }

  public boolean complete(String path, String client, long lastBlockId, long lastLength) throws IOException {
    return ns.complete(path, client, lastBlockId, lastLength);
  }

  public void renewLease(String client) throws IOException { ns.renewLease(client); }

  public LocatedBlocks getBlockLocations(String user, String path, long offset, long length, String clientHost)
      throws IOException {
    String reader = as(user);
    LocatedBlocks found = ns.getBlockLocations(reader, path, offset, length, clientHost);
    return new LocatedBlocks(found.fileLength(), found.underConstruction(),
        found.blocks().stream().map(b -> withToken(b, reader, BlockTokens.Access.READ)).toList());
  }

  public boolean delete(String user, String path, boolean recursive) throws IOException {
    return ns.delete(as(user), path, recursive);
  }

  public boolean rename(String user, String src, String dst) throws IOException { return ns.rename(as(user), src, dst); }

  public boolean setReplication(String user, String path, int replication) throws IOException {
    return ns.setReplication(as(user), path, replication);
  }

  public void setPermission(String user, String path, short mode) throws IOException {
    ns.setPermission(as(user), path, mode);
  }

  public void setOwner(String user, String path, String owner, String group) throws IOException {
    ns.setOwner(as(user), path, owner, group);
  }

  /** A task must hold a read token for each block it reports: it read it, so it has one. */
  public void reportBadBlocks(List<BadReplica> replicas) throws AccessControlException {
    java.util.Optional<String> taskUser = CallContext.currentJobUser();
    if (taskUser.isPresent()) {
      for (BadReplica r : replicas) {
        tokens.check(r.accessToken(), r.blockId(), taskUser.get(), BlockTokens.Access.READ, System.currentTimeMillis());
      }
    }
    ns.datanodes().reportBadBlocks(replicas);
  }

  public boolean setSafeMode(SafeModeAction action) throws AccessException {
    // Anyone may ask (a task's reader waits out a restarted NameNode's safe mode); only
    // cluster members may change it.
    if (action != SafeModeAction.GET) {
      CallContext.requireClusterMember();
    }
    return ns.setSafeMode(action);
  }

  public List<DatanodeReport> getDatanodeReport() throws AccessException {
    CallContext.requireClusterMember();
    return ns.datanodes().datanodeReport();
  }

  public List<String> decommission(String host) throws AccessException {
    CallContext.requireClusterMember();
    return ns.datanodes().decommission(host);
  }
}
