package io.quern.fsck;

import io.quern.cli.Sizes;
import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.LocatedBlock;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The file system check, after Hadoop's fsck: walks the tree under a path, checks each block's
 * live replicas against its file's replication and the racks they are on, and prints Hadoop's
 * report. One walk serves both callers: {@code quern fsck} reads the namespace over RPC as its
 * user, the NameNode's {@code /fsck} page reads it in place as the anonymous web user. Each read
 * is one call of the {@link Source}, so the NameNode's lock is taken per directory or file, never
 * for the whole walk.
 */
public final class Fsck {
  /** What the check reads. Unreadable entries throw {@link AccessControlException}. */
  public interface Source {
    /** The status of {@code path}, or null when there is none. */
    DfsFileStatus fileInfo(String path) throws IOException;

    /** The entries of a directory. */
    List<DfsFileStatus> listing(String dir) throws IOException;

    /** Every block of a file with its replicas. */
    List<LocatedBlock> blocks(DfsFileStatus file) throws IOException;

    List<DatanodeReport> datanodes() throws IOException;

    /** The replication files get by default, for the summary. */
    int defaultReplication();
  }

  /**
   * {@code -files}, {@code -blocks}, {@code -locations}; {@code skipUnreadable} reports a directory
   * or file the reader may not read as not checked and goes on, instead of failing the check.
   */
  public record Options(boolean files, boolean blocks, boolean locations, boolean skipUnreadable) {}

  /** At most this many problem lines and unchecked paths are kept in the {@link Report}; the text has all. */
  static final int MAX_LISTED = 1000;

  /** The check's outcome: its counts and, up to {@value #MAX_LISTED} each, the problems and the paths not checked. */
  public record Report(String path, String status, long totalSize, long dirs, long files, long blocks,
      long minimallyReplicatedBlocks, long overReplicatedBlocks, long underReplicatedBlocks,
      long misReplicatedBlocks, long missingBlocks, long corruptBlocks, long missingReplicas,
      double averageReplication, int defaultReplication, int datanodes, int racks, long notCheckedCount,
      List<String> notChecked, List<String> problems) {
    public boolean healthy() {
      return status.equals(HEALTHY);
    }
  }

  /** The path to check does not exist. */
  public static final class NoSuchPathException extends FileNotFoundInDfsException {
    public NoSuchPathException(String path) {
      super("No such file or directory " + path);
    }
  }

  public static final String HEALTHY = "HEALTHY";
  public static final String CORRUPT = "CORRUPT";

  private final Source src;
  private final Options opts;
  private final PrintWriter out;
  /** Confined: a check runs on the one thread that calls it; so are the counts and lists below. Not thread-safe. */
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
  private long notCheckedCount;
  private final List<String> notChecked = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  private Fsck(Source src, Options opts, PrintWriter out) {
    this.src = src;
    this.opts = opts;
    this.out = out;
  }

  /**
   * Checks everything under {@code path} (absolute), printing the report to {@code out} as it
   * goes. Throws {@link NoSuchPathException} when there is no such path; what is deleted during
   * the walk is passed over.
   */
  public static Report run(Source src, String path, Options opts, PrintWriter out) throws IOException {
    return new Fsck(src, opts, out).run(path);
  }

  private Report run(String path) throws IOException {
    DfsFileStatus root = src.fileInfo(path);
    if (root == null) {
      throw new NoSuchPathException(path);
    }
    List<DatanodeReport> nodes = src.datanodes();
    racksInCluster = (int) nodes.stream().map(DatanodeReport::rack).distinct().count();
    out.println("FSCK started for path " + path);
    check(root);
    boolean healthy = missing == 0 && corrupt == 0;
    int defaultReplication = src.defaultReplication();
    summary(healthy, nodes.size(), defaultReplication);
    out.println("The filesystem under path '" + path + "' is " + (healthy ? HEALTHY : CORRUPT));
    if (notCheckedCount > 0) {
      out.println(notCheckedCount + " files or directories under it were not checked: the reader may not read them.");
    }
    out.flush();
    return new Report(path, healthy ? HEALTHY : CORRUPT, size, dirs, files, blocks, minimallyReplicated, over, under,
        misReplicated, missing, corrupt, missingReplicas, blocks == 0 ? 0.0 : (double) totalReplicas / blocks,
        defaultReplication, nodes.size(), racksInCluster, notCheckedCount, List.copyOf(notChecked),
        List.copyOf(problems));
  }

  private void check(DfsFileStatus st) throws IOException {
    if (st.directory()) {
      List<DfsFileStatus> children;
      try {
        children = src.listing(st.path());
      } catch (AccessControlException e) {
        skipped(st, e);
        return;
      } catch (FileNotFoundInDfsException | java.io.FileNotFoundException e) {
        return;
      }
      dirs++;
      for (DfsFileStatus c : children) {
        check(c);
      }
      return;
    }
    List<LocatedBlock> located;
    try {
      located = src.blocks(st);
    } catch (AccessControlException e) {
      skipped(st, e);
      return;
    } catch (FileNotFoundInDfsException | java.io.FileNotFoundException e) {
      // Deleted since its directory was listed.
      return;
    }
    files++;
    size += st.length();
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
          problem(fileProblems, st.path() + ": CORRUPT blk_" + b.blockId());
        } else {
          missing++;
          problem(fileProblems, st.path() + ": MISSING blk_" + b.blockId());
        }
      } else {
        minimallyReplicated++;
      }
      if (live > 0 && live < rep) {
        under++;
        missingReplicas += rep - live;
        problem(fileProblems, st.path() + ": Under replicated blk_" + b.blockId() + ". Target Replicas is " + rep
            + " but found " + live + " replica(s).");
      } else if (live > rep) {
        over++;
      }
      Set<String> racks = new HashSet<>();
      b.locations().forEach(d -> racks.add(d.rack()));
      if (live > 1 && rep > 1 && racksInCluster > 1 && racks.size() < 2) {
        misReplicated++;
      }
      if (opts.blocks()) {
        blockLines.append("\n").append(i++).append(". blk_").append(b.blockId()).append(" len=").append(b.length())
            .append(" repl=").append(live);
        if (opts.locations()) {
          blockLines.append(" [").append(b.locations().stream().map(DatanodeRef::id)
              .collect(Collectors.joining(", "))).append("]");
        }
      }
    }
    if (opts.files()) {
      out.print(st.path() + " " + st.length() + " bytes, " + located.size() + " block(s)"
          + (st.underConstruction() ? ", OPENFORWRITE" : "") + ": "
          + (fileProblems.length() == 0 ? " OK" : ""));
      out.println(fileProblems + blockLines.toString());
    } else if (fileProblems.length() > 0) {
      out.println(fileProblems.substring(1));
    }
  }

  private void problem(StringBuilder fileProblems, String line) {
    fileProblems.append("\n").append(line);
    if (problems.size() < MAX_LISTED) {
      problems.add(line);
    }
  }

  private void skipped(DfsFileStatus st, AccessControlException e) throws AccessControlException {
    if (!opts.skipUnreadable()) {
      throw e;
    }
    notCheckedCount++;
    if (notChecked.size() < MAX_LISTED) {
      notChecked.add(st.path());
    }
    out.println(st.path() + ": NOT CHECKED (" + e.getMessage() + ")");
  }

  private static String pct(long n, long of) {
    return String.format("%.1f %%", of == 0 ? 0.0 : 100.0 * n / of);
  }

  private void summary(boolean healthy, int datanodes, int defaultReplication) {
    out.println();
    out.println("Status: " + (healthy ? HEALTHY : CORRUPT));
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
    if (notCheckedCount > 0) {
      out.println(" Not checked (unreadable):\t" + notCheckedCount);
    }
  }
}
