package io.quern.namenode;

import io.quern.fsck.Fsck;
import io.quern.http.Html;
import io.quern.protocol.dfs.AdminState;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.DfsFileStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The NameNode's status pages, after Hadoop 1's dfshealth.jsp and browseDirectory.jsp: health
 * (safe mode, counts, capacity), the DataNodes, and a read-only namespace browser. Renders
 * snapshots only; {@link NamenodeHttp} takes them.
 */
final class NamenodePages {
  static final String[] NAV = {"Health", "/", "Browse", "/browse?path=/", "Fsck", "/fsck?path=/", "Metrics",
      "/metrics"};

  /** What the health page shows. */
  record Health(String host, long startMillis, FsNamesystem.Summary summary, long capacityBytes, long usedBytes,
      long remainingBytes, DatanodeCounts datanodeCounts, List<DatanodeManager.LiveDatanode> live,
      List<DatanodeManager.DeadDatanode> dead, NameDirectory.Storage storage) {}

  /**
   * DataNodes by state: {@code live} includes the decommissioning and decommissioned ones still
   * registered; {@code deadDecommissioned} those of the dead that were decommissioned when they left.
   */
  record DatanodeCounts(int live, int decommissioning, int decommissioned, int dead, int deadDecommissioned) {}

  /** One directory as the anonymous web user may list it. */
  record Listing(String path, List<DfsFileStatus> entries) {}

  /** A check of a path as the anonymous web user: its outcome, the report as quern fsck prints it, the options. */
  record FsckPage(Fsck.Report report, String text, Fsck.Options options) {}

  private NamenodePages() {}

  static String health(Health h, long now) {
    Html p = new Html("Quern NameNode " + h.host(), NAV);
    FsNamesystem.Summary s = h.summary();
    if (s.safeMode()) {
      p.p(Html.span("warn", "Safe mode is ON: the namespace is read-only until enough blocks are reported "
          + "(or an administrator leaves it: quern admin -safemode leave)."));
    } else {
      p.p("Safe mode is off.");
    }
    double usedFraction = h.capacityBytes() == 0 ? 0 : (double) h.usedBytes() / h.capacityBytes();
    DatanodeCounts n = h.datanodeCounts();
    p.facts("Started", Html.time(h.startMillis()),
        "Files and directories", s.files() + " files, " + s.directories() + " directories",
        "Blocks", s.blocks(),
        "Configured capacity", Html.bytes(h.capacityBytes()),
        "DFS used", new Html.Fragment(Html.escape(Html.bytes(h.usedBytes())) + " " + Html.bar(usedFraction)),
        "DFS remaining", Html.bytes(h.remainingBytes()),
        "Live DataNodes", n.live() + " (decommissioned: " + n.decommissioned() + ")",
        "Decommissioning DataNodes", n.decommissioning() == 0 ? "0"
            : Html.span("warn", Integer.toString(n.decommissioning())),
        "Dead DataNodes", n.dead() + " (decommissioned: " + n.deadDecommissioned() + ")",
        "Under-replicated blocks", s.underReplicatedBlocks(),
        "Blocks with corrupt replicas", s.corruptBlocks(),
        "Missing blocks", s.missingBlocks() == 0 ? "0" : Html.span("err", Long.toString(s.missingBlocks())));
    p.p(Html.link(Html.url("/fsck", "path", "/"), "Check the file system (fsck /)"),
        " as every user may read it; the same report as quern fsck /.");
    p.h2("Live DataNodes");
    List<List<Object>> rows = new ArrayList<>();
    List<List<Object>> leaving = new ArrayList<>();
    for (DatanodeManager.LiveDatanode d : h.live()) {
      DatanodeReport r = d.report();
      double used = r.capacity() == 0 ? 0 : (double) r.used() / r.capacity();
      rows.add(List.of(r.id(), r.rack(), ago(d.lastContactMillis(), now), adminState(r.adminState()),
          Html.bytes(r.capacity()), Html.bytes(r.used()), Html.bytes(r.remaining()), Html.bar(used), r.blocks()));
      if (r.adminState() != AdminState.NORMAL) {
        leaving.add(List.of(r.id(), adminState(r.adminState()), ago(d.adminStateSinceMillis(), now),
            ago(d.lastContactMillis(), now), r.blocks(), d.blocksToCopy(), Html.bytes(r.capacity()),
            Html.bytes(r.used())));
      }
    }
    p.table(List.of("DataNode", "Rack", "Last contact", "Admin state", "Capacity", "Used", "Remaining", "Used %",
        "Blocks"), rows);
    p.h2("Decommissioning and decommissioned DataNodes");
    p.table(List.of("DataNode", "Admin state", "Since", "Last contact", "Blocks", "Blocks left to copy",
        "Capacity", "Used"), leaving);
    p.h2("Dead DataNodes");
    List<List<Object>> dead = new ArrayList<>();
    for (DatanodeManager.DeadDatanode d : h.dead()) {
      dead.add(List.of(d.id(), d.rack(), ago(d.lastContactMillis(), now), adminState(d.adminState())));
    }
    p.table(List.of("DataNode", "Rack", "Last contact", "Admin state"), dead);
    storage(p, h.storage(), now);
    return p.finish();
  }

  /** Hadoop's words for the admin states. */
  private static Object adminState(AdminState s) {
    return switch (s) {
      case NORMAL -> "In service";
      case DECOMMISSIONING -> Html.span("warn", "Decommission in progress");
      case DECOMMISSIONED -> "Decommissioned";
    };
  }

  /** The name directory: the image, the edit log and its segments, the last checkpoint. */
  private static void storage(Html p, NameDirectory.Storage st, long now) {
    p.h2("NameNode storage");
    NameDirectory.NameDirFile img = st.image();
    NameDirectory.CheckpointRun cp = st.lastCheckpoint();
    Object lastCheckpoint = cp == null ? "none since start"
        : cp.error() != null ? Html.span("err", "failed " + ago(cp.startedMillis(), now) + ": " + cp.error())
        : Html.time(cp.startedMillis()) + ", took " + Html.duration(cp.durationMillis());
    p.facts("Name directory", st.nameDir(),
        "Image", img == null ? "none yet: every edit is in the log"
            : img.name() + ": " + Html.bytes(img.bytes()) + ", up to transaction " + st.imageTxid() + ", saved "
                + Html.time(img.modifiedMillis()) + " (" + ago(img.modifiedMillis(), now) + ")",
        "Edits since the image", st.editsSinceCheckpoint(),
        "Last checkpoint", lastCheckpoint);
    EditLog.Status log = st.editLog();
    if (log == null) {
      p.p("The edit log is not open yet.");
      return;
    }
    p.facts("Edit log", log.segment(),
        "State", log.failure() == null ? "writing" : Html.span("err", "failed, no change is accepted: " + log.failure()),
        "Last transaction", log.lastTxid(),
        "On disk up to", log.syncedTxid(),
        "Segment size", Html.bytes(log.segmentBytes()) + (log.bufferedBytes() == 0 ? ""
            : " (and " + Html.bytes(log.bufferedBytes()) + " not yet written)"),
        "Syncs", log.syncs() + (log.syncs() == 0 ? "" : String.format(" (%.1f edits each on average)",
            (double) log.syncedEdits() / log.syncs())),
        "Last sync", log.syncs() == 0 ? "-" : Html.time(log.lastSyncMillis()) + ", took " + millis(log.lastSyncMicros()),
        "Sync time", log.syncs() == 0 ? "-" : "average " + millis(log.totalSyncMicros() / log.syncs()) + ", longest "
            + millis(log.maxSyncMicros()));
    List<List<Object>> segments = new ArrayList<>();
    for (NameDirectory.NameDirFile f : st.editSegments()) {
      segments.add(List.of(f.name(), Html.bytes(f.bytes()), Html.time(f.modifiedMillis())));
    }
    p.table(List.of("Edit log segment", "Size", "Modified"), segments);
  }

  private static String millis(long micros) {
    return String.format("%.2f ms", micros / 1000.0);
  }

  private static String ago(long millis, long now) {
    return millis <= 0 ? "-" : Html.duration(Math.max(0, now - millis)) + " ago";
  }

  static String browse(Listing l) {
    Html p = new Html("Contents of " + l.path(), NAV);
    if (!l.path().equals("/")) {
      String parent = l.path().substring(0, Math.max(1, l.path().lastIndexOf('/')));
      p.p(Html.link(Html.url("/browse", "path", parent), "Up to " + parent));
    }
    p.p("Listed as the anonymous web user (" + NamenodeHttp.WEB_USER + "): only what every user may read shows. ",
        Html.link(Html.url("/fsck", "path", l.path()), "Check " + l.path() + " (fsck)"));
    List<List<Object>> rows = new ArrayList<>();
    for (DfsFileStatus f : l.entries()) {
      String name = f.path().substring(f.path().lastIndexOf('/') + 1);
      rows.add(List.of(f.directory() ? Html.link(Html.url("/browse", "path", f.path()), name + "/") : name,
          f.directory() ? Html.link(Html.url("/fsck", "path", f.path()), "fsck") : "",
          f.directory() ? "dir" : "file", f.directory() ? "" : Html.bytes(f.length()),
          f.directory() ? "" : Integer.toString(f.replication()),
          f.directory() ? "" : Html.bytes(f.blockSize()), Html.time(f.modificationTime()),
          (f.directory() ? "d" : "-") + io.quern.fs.permission.FsPermission.symbolic(f.permission()), f.owner(),
          f.group()));
    }
    p.table(List.of("Name", "Check", "Type", "Size", "Replication", "Block size", "Modified", "Permission", "Owner", "Group"),
        rows);
    return p.finish();
  }

  static String fsck(FsckPage f) {
    Fsck.Report r = f.report();
    Html p = new Html("Fsck of " + r.path(), NAV);
    p.p("The filesystem under " + r.path() + " is ", Html.span(r.healthy() ? "ok" : "err", r.status()),
        r.notCheckedCount() == 0 ? "." : " as far as checked: " + r.notCheckedCount() + " files or directories "
            + "under it are not readable by every user and were not checked.");
    p.p("Checked as the anonymous web user (" + NamenodeHttp.WEB_USER + "). ",
        Html.link(Html.url("/browse", "path", r.path()), "Browse " + r.path()), " · ",
        Html.link(Html.url("/fsck", "path", r.path(), "files", "1"), "list files"), " · ",
        Html.link(Html.url("/fsck", "path", r.path(), "files", "1", "blocks", "1", "locations", "1"),
            "list files, blocks and locations"));
    p.facts("Status", r.healthy() ? r.status() : Html.span("err", r.status()),
        "Total size", Html.bytes(r.totalSize()),
        "Directories", r.dirs(),
        "Files", r.files(),
        "Blocks", r.blocks(),
        "Missing blocks", r.missingBlocks() == 0 ? "0" : Html.span("err", Long.toString(r.missingBlocks())),
        "Corrupt blocks", r.corruptBlocks() == 0 ? "0" : Html.span("err", Long.toString(r.corruptBlocks())),
        "Under-replicated blocks", r.underReplicatedBlocks(),
        "Mis-replicated blocks", r.misReplicatedBlocks(),
        "Average block replication", String.format("%.1f", r.averageReplication()),
        "DataNodes, racks", r.datanodes() + ", " + r.racks());
    String options = (f.options().files() ? " -files" : "") + (f.options().blocks() ? " -blocks" : "")
        + (f.options().locations() ? " -locations" : "");
    p.h2("Report (quern fsck " + r.path() + options + ")");
    p.pre(f.text());
    return p.finish();
  }
}
