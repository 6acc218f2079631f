package io.quern.fs;

import io.quern.cli.Sizes;
import io.quern.conf.Configured;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.util.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code quern fsck PATH [-files [-blocks [-locations]]]}: checks the replication of every block
 * under PATH against what the NameNode knows and prints Hadoop's summary. Exit status 0 when
 * HEALTHY, 1 when CORRUPT (a block with no good replica) or on error.
 */
public class DFSck extends Configured implements Tool {
  private final PrintStream out;
  private boolean showFiles;
  private boolean showBlocks;
  private boolean showLocations;
  private int racksInCluster;
  private long dirs;
  private long files;
  private long size;
  private long blocks;
  private long minimallyReplicated;
  private long under;
  private long over;
  private long misReplicated;
  private long missing;
  private long corrupt;
  private long missingReplicas;
  private long totalReplicas;

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
    for (String a : args) {
      switch (a) {
        case "-files" -> showFiles = true;
        case "-blocks" -> showBlocks = true;
        case "-locations" -> showLocations = true;
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
      DfsFileStatus root = fs.getClient().namenode().getFileInfo(fs.getClient().user(), p);
      if (root == null) {
        System.err.println("fsck: `" + path + "': No such file or directory");
        return 1;
      }
      List<DatanodeReport> nodes = fs.getClient().namenode().getDatanodeReport();
      racksInCluster = (int) nodes.stream().map(DatanodeReport::rack).distinct().count();
      out.println("FSCK started for path " + p);
      check(fs, root);
      boolean healthy = missing == 0 && corrupt == 0;
      summary(healthy, nodes.size(), fs.getDefaultReplication());
      out.println("The filesystem under path '" + p + "' is " + (healthy ? "HEALTHY" : "CORRUPT"));
      return healthy ? 0 : 1;
    } catch (IOException e) {
      System.err.println("fsck: " + (e instanceof java.rmi.RemoteException ? io.quern.rpc.RpcErrors.describe(e) : e.getMessage()));
      return 1;
    }
  }

  private void check(DistributedFileSystem fs, DfsFileStatus st) throws IOException {
    if (st.directory()) {
      dirs++;
      for (DfsFileStatus c : fs.getClient().namenode().getListing(fs.getClient().user(), st.path())) {
        check(fs, c);
      }
      return;
    }
    files++;
    size += st.length();
    List<LocatedBlock> located = fs.getLocatedBlocks(new Path(st.path()), 0, Long.MAX_VALUE).blocks();
    StringBuilder fileProblems = new StringBuilder();
    StringBuilder blockLines = new StringBuilder();
    int i = 0;
    for (LocatedBlock b : located) {
      blocks++;
      int live = b.corrupt() ? 0 : b.locations().size();
      totalReplicas += live;
      int rep = st.replication();
      if (live == 0) {
        if (b.corrupt()) {
          corrupt++;
          fileProblems.append("\n").append(st.path()).append(": CORRUPT blk_").append(b.blockId());
        } else {
          missing++;
          fileProblems.append("\n").append(st.path()).append(": MISSING blk_").append(b.blockId());
        }
      } else {
        minimallyReplicated++;
      }
      if (live > 0 && live < rep) {
        under++;
        missingReplicas += rep - live;
        fileProblems.append("\n").append(st.path()).append(": Under replicated blk_").append(b.blockId())
            .append(". Target Replicas is ").append(rep).append(" but found ").append(live).append(" replica(s).");
      } else if (live > rep) {
        over++;
      }
      Set<String> racks = new HashSet<>();
      b.locations().forEach(d -> racks.add(d.rack()));
      if (live > 1 && rep > 1 && racksInCluster > 1 && racks.size() < 2) {
        misReplicated++;
      }
      if (showBlocks) {
        blockLines.append("\n").append(i++).append(". blk_").append(b.blockId()).append(" len=").append(b.length())
            .append(" repl=").append(live);
        if (showLocations) {
          blockLines.append(" [").append(b.locations().stream().map(DatanodeRef::id)
              .collect(Collectors.joining(", "))).append("]");
        }
      }
    }
    if (showFiles) {
      out.print(st.path() + " " + st.length() + " bytes, " + located.size() + " block(s)"
          + (st.underConstruction() ? ", OPENFORWRITE" : "") + ": "
          + (fileProblems.length() == 0 ? " OK" : ""));
      out.println(fileProblems + blockLines.toString());
    } else if (fileProblems.length() > 0) {
      out.println(fileProblems.substring(1));
    }
  }

  private static String pct(long n, long of) {
    return String.format("%.1f %%", of == 0 ? 0.0 : 100.0 * n / of);
  }

  private void summary(boolean healthy, int datanodes, int defaultReplication) {
    out.println();
    out.println("Status: " + (healthy ? "HEALTHY" : "CORRUPT"));
    out.println(" Total size:\t" + size + " B" + (size >= 1024 ? " (" + Sizes.human(size) + ")" : ""));
    out.println(" Total dirs:\t" + dirs);
    out.println(" Total files:\t" + files);
    out.println(" Total blocks (validated):\t" + blocks
        + (blocks > 0 ? " (avg. block size " + (size / blocks) + " B)" : ""));
    if (missing > 0 || corrupt > 0) {
      out.println("  ********************************");
      out.println("  CORRUPT FILES/BLOCKS:");
      out.println("  MISSING BLOCKS:\t" + missing);
      out.println("  CORRUPT BLOCKS:\t" + corrupt);
      out.println("  ********************************");
    }
    out.println(" Minimally replicated blocks:\t" + minimallyReplicated + " (" + pct(minimallyReplicated, blocks) + ")");
    out.println(" Over-replicated blocks:\t" + over + " (" + pct(over, blocks) + ")");
    out.println(" Under-replicated blocks:\t" + under + " (" + pct(under, blocks) + ")");
    out.println(" Mis-replicated blocks:\t\t" + misReplicated + " (" + pct(misReplicated, blocks) + ")");
    out.println(" Default replication factor:\t" + defaultReplication);
    out.println(" Average block replication:\t" + String.format("%.1f", blocks == 0 ? 0.0 : (double) totalReplicas / blocks));
    out.println(" Missing blocks:\t\t" + missing);
    out.println(" Corrupt blocks:\t\t" + corrupt);
    out.println(" Missing replicas:\t\t" + missingReplicas);
    out.println(" Number of data-nodes:\t\t" + datanodes);
    out.println(" Number of racks:\t\t" + racksInCluster);
  }
}
