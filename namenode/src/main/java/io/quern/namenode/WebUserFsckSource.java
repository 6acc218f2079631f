package io.quern.namenode;

import io.quern.fsck.Fsck;
import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.LocatedBlock;
import java.io.IOException;
import java.util.List;

/**
 * The namespace as the /fsck page's check reads it: in place, through the namesystem's own calls
 * (each takes the lock for one directory or file), as the anonymous web user. Besides the
 * namesystem's checks, which an operator may turn off, it holds that user to the "other" bits:
 * a directory is walked only when every user may list and enter it (o+rx), a file's blocks
 * (their ids and DataNodes, which are enough to read its data where tokens are off) are read
 * only when every user may read it (o+r).
 */
final class WebUserFsckSource implements Fsck.Source {
  private final FsNamesystem ns;
  private final String readerHost;
  private final int defaultReplication;

  /** @param readerHost the host the replicas are sorted for: the NameNode's own */
  WebUserFsckSource(FsNamesystem ns, String readerHost, int defaultReplication) {
    this.ns = ns;
    this.readerHost = readerHost;
    this.defaultReplication = defaultReplication;
  }

  @Override
  public DfsFileStatus fileInfo(String path) throws IOException {
    return ns.getFileInfo(NamenodeHttp.WEB_USER, path);
  }

  @Override
  public List<DfsFileStatus> listing(String dir) throws IOException {
    DfsFileStatus st = ns.getFileInfo(NamenodeHttp.WEB_USER, dir);
    // Checked again here: the entry the walk holds may be older than a chmod.
    if (st != null && st.directory() && (st.permission() & 05) != 05) {
      throw new AccessControlException("not readable by every user");
    }
    return ns.getListing(NamenodeHttp.WEB_USER, dir);
  }

  @Override
  public List<LocatedBlock> blocks(DfsFileStatus file) throws IOException {
    // The mode as listed; a chmod since is caught by the namesystem's own check while permissions are on.
    if ((file.permission() & 04) == 0) {
      throw new AccessControlException("not readable by every user");
    }
    return ns.getBlockLocations(NamenodeHttp.WEB_USER, file.path(), 0, Long.MAX_VALUE, readerHost).blocks();
  }

  @Override
  public List<DatanodeReport> datanodes() {
    return ns.datanodes().datanodeReport();
  }

  @Override
  public int defaultReplication() {
    return defaultReplication;
  }
}
