package io.quern.fs;

import io.quern.conf.Configuration;
import io.quern.fs.FileAlreadyExistsException;
import io.quern.fs.permission.FsPermission;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.CreatedFile;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.LocatedBlocks;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code qfs:} — the Quern DFS. Holds one {@link DfsClient} (one ZooKeeper session, one lease
 * renewer). Missing paths surface as {@link FileNotFoundException}, as in Hadoop.
 */
public class DistributedFileSystem extends FileSystem {
  /** Written once by initialize, before the file system cache hands the instance to other threads. */
  private URI uri;
  /** Written once by initialize, as uri; the client is thread-safe. */
  private DfsClient dfs;

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    // hdfs:// (a Hadoop user's paths) is this same DFS; paths come back in the scheme asked for.
    String scheme = "hdfs".equalsIgnoreCase(name.getScheme()) ? "hdfs" : "qfs";
    this.uri = URI.create(scheme + "://" + (name.getAuthority() == null ? "" : name.getAuthority()) + "/");
    this.dfs = new DfsClient(conf, ZkRmiConnector.connect(conf));
    super.initialize(name, conf);
  }

  /** For tests and tools: a file system over an existing client. */
  public DistributedFileSystem(DfsClient client, Configuration conf) throws IOException {
    this.uri = URI.create("qfs:///");
    this.dfs = client;
    super.initialize(uri, conf);
  }

  public DistributedFileSystem() {}

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public String getScheme() {
    return uri.getScheme();
  }

  public DfsClient getClient() {
    return dfs;
  }

  @Override
  public short getDefaultReplication() {
    return (short) DfsKeys.REPLICATION.getInt(getConf());
  }

  private static IOException translate(IOException e) {
    if (e instanceof FileNotFoundInDfsException) {
      FileNotFoundException f = new FileNotFoundException(e.getMessage());
      f.initCause(e);
      return f;
    }
    return e;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    // One NameNode call: the block locations say a path is missing or a directory too.
    try {
      return new FSDataInputStream(new DfsInputStream(dfs, pathOf(f)));
    } catch (FileNotFoundInDfsException e) {
      FileNotFoundException nf = new FileNotFoundException("File " + f + " does not exist.");
      nf.initCause(e);
      throw nf;
    } catch (FileAlreadyExistsException e) {
      FileNotFoundException nf = new FileNotFoundException("Path " + f + " is a directory.");
      nf.initCause(e);
      throw nf;
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize)
      throws IOException {
    String p = pathOf(f);
    CreatedFile c = dfs.namenode().createWithBlock(new CreateRequest(p, dfs.clientName,
        dfs.user, overwrite, replication, blockSize), dfs.clientHost);
    return new FSDataOutputStream(new DfsOutputStream(dfs, c.status().path(), c.status().blockSize(), c.firstBlock()));
  }

  /** The sum over the live DataNodes; asking needs the cluster secret, as {@code admin -report} does. */
  @Override
  public FsStatus getStatus(Path p) throws IOException {
    long capacity = 0;
    long used = 0;
    long remaining = 0;
    for (io.quern.protocol.dfs.DatanodeReport d : dfs.namenode().getDatanodeReport()) {
      capacity += d.capacity();
      used += d.used();
      remaining += d.remaining();
    }
    return new FsStatus(capacity, used, remaining);
  }

  /** Appended data goes into new blocks after the file's last one (see the NameNode's append). */
  @Override
  public FSDataOutputStream append(Path f) throws IOException {
    try {
      DfsFileStatus st = dfs.namenode().append(dfs.user, pathOf(f), dfs.clientName);
      return new FSDataOutputStream(new DfsOutputStream(dfs, st.path(), st.blockSize(), null), st.length());
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    return dfs.namenode().delete(dfs.user, pathOf(f), recursive);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    try {
      return dfs.namenode().rename(dfs.user, pathOf(src), pathOf(dst));
    } catch (FileNotFoundInDfsException | FileAlreadyExistsException | io.quern.protocol.dfs.InvalidPathException e) {
      return false;
    }
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    return dfs.namenode().mkdirs(dfs.user, pathOf(f));
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    DfsFileStatus st = dfs.namenode().getFileInfo(dfs.user, pathOf(f));
    if (st == null) {
      throw new FileNotFoundException("File " + f + " does not exist.");
    }
    return convert(st);
  }

  private FileStatus convert(DfsFileStatus s) {
    return new FileStatus(s.length(), s.directory(), s.replication(), s.blockSize(), s.modificationTime(), s.owner(),
        s.group(), new FsPermission(s.permission()), makeQualified(new Path(s.path())));
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    try {
      return dfs.namenode().getListing(dfs.user, pathOf(f)).stream().map(this::convert).toArray(FileStatus[]::new);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean setReplication(Path f, short replication) throws IOException {
    try {
      return dfs.namenode().setReplication(dfs.user, pathOf(f), replication);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public void setPermission(Path f, FsPermission permission) throws IOException {
    try {
      dfs.namenode().setPermission(dfs.user, pathOf(f), permission.toShort());
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public void setOwner(Path f, String owner, String group) throws IOException {
    try {
      dfs.namenode().setOwner(dfs.user, pathOf(f), owner, group);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** The located blocks of a file, for fsck and tools. */
  public LocatedBlocks getLocatedBlocks(Path f, long start, long len) throws IOException {
    try {
      return dfs.namenode().getBlockLocations(dfs.user, pathOf(f), start, len, dfs.clientHost);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len) throws IOException {
    if (file == null) {
      return null;
    }
    if (start < 0 || len < 0) {
      throw new IllegalArgumentException("Invalid start or len parameter");
    }
    if (file.isDirectory() || file.getLen() <= start) {
      return new BlockLocation[0];
    }
    List<BlockLocation> out = new ArrayList<>();
    for (LocatedBlock b : getLocatedBlocks(file.getPath(), start, len).blocks()) {
      List<DatanodeRef> locs = b.locations();
      String[] names = locs.stream().map(DatanodeRef::id).toArray(String[]::new);
      String[] hosts = locs.stream().map(DatanodeRef::host).toArray(String[]::new);
      String[] topo = locs.stream().map(d -> d.rack() + "/" + d.id()).toArray(String[]::new);
      out.add(new BlockLocation(names, hosts, topo, b.offset(), b.length(), b.corrupt()));
    }
    return out.toArray(new BlockLocation[0]);
  }

  /** Reaches a DataNode directly; for tools such as fsck. */
  BlockTransferProtocol datanode(DatanodeRef ref) throws IOException {
    return dfs.datanode(ref);
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (dfs != null) {
      dfs.close();
    }
  }
}
