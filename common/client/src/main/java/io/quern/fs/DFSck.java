package io.quern.fs;

import io.quern.conf.Configured;
import io.quern.fsck.Fsck;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.util.Tool;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.List;

/**
 * {@code quern fsck PATH [-files [-blocks [-locations]]]}: checks the replication of every block
 * under PATH against what the NameNode knows and prints Hadoop's summary. Exit status 0 when
 * HEALTHY, 1 when CORRUPT (a block with no good replica) or on error. The check itself is {@link
 * Fsck}, which the NameNode's /fsck page runs too; here it reads the namespace over RPC as the user.
 */
public class DFSck extends Configured implements Tool {
  /** Thread-safe (PrintStream); a check runs on one thread. */
  private final PrintStream out;

  public DFSck() {
    this(System.out);
  }

  public DFSck(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int rc = io.quern.cli.CliMain.run("fsck", new DFSck(), args);
    FileSystem.closeAll();
    System.exit(rc);
  }

  @Override
  public int run(String[] args) throws Exception {
    String path = null;
    boolean files = false;
    boolean blocks = false;
    boolean locations = false;
    for (String a : args) {
      switch (a) {
        case "-files" -> files = true;
        case "-blocks" -> blocks = true;
        case "-locations" -> locations = true;
        default -> {
          if (a.startsWith("-") || path != null) {
            System.err.println("Usage: quern fsck PATH [-files [-blocks [-locations]]]");
            return 1;
          }
          path = a;
        }
      }
    }
    if (path == null) {
      path = "/";
    }
    try (DistributedFileSystem fs = (DistributedFileSystem) FileSystem.newInstance(URI.create("qfs:///"), getConf())) {
      String p = fs.makeQualified(new Path(path)).toUri().getPath();
      PrintWriter w = new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true);
      Fsck.Report r = Fsck.run(new RpcSource(fs), p, new Fsck.Options(files, blocks, locations, false), w);
      return r.healthy() ? 0 : 1;
    } catch (Fsck.NoSuchPathException e) {
      System.err.println("fsck: `" + path + "': No such file or directory");
      return 1;
    } catch (IOException e) {
      System.err.println("fsck: " + (e instanceof java.rmi.RemoteException ? io.quern.rpc.RpcErrors.describe(e) : e.getMessage()));
      return 1;
    }
  }

  /** The namespace as the NameNode answers the user over RPC. */
  private record RpcSource(DistributedFileSystem fs) implements Fsck.Source {
    @Override
    public DfsFileStatus fileInfo(String path) throws IOException {
      return fs.getClient().namenode().getFileInfo(fs.getClient().user(), path);
    }

    @Override
    public List<DfsFileStatus> listing(String dir) throws IOException {
      return fs.getClient().namenode().getListing(fs.getClient().user(), dir);
    }

    @Override
    public List<LocatedBlock> blocks(DfsFileStatus file) throws IOException {
      return fs.getLocatedBlocks(new Path(file.path()), 0, Long.MAX_VALUE).blocks();
    }

    @Override
    public List<DatanodeReport> datanodes() throws IOException {
      return fs.getClient().namenode().getDatanodeReport();
    }

    @Override
    public int defaultReplication() {
      return fs.getDefaultReplication();
    }
  }
}
