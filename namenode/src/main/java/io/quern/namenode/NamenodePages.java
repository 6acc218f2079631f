package io.quern.namenode;

import io.quern.http.Html;
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
  static final String[] NAV = {"Health", "/", "Browse", "/browse?path=/", "Metrics", "/metrics"};

  /** What the health page shows. */
  record Health(String host, long startMillis, FsNamesystem.Summary summary, long capacityBytes, long usedBytes,
      long remainingBytes, List<DatanodeManager.LiveDatanode> live, List<DatanodeManager.DeadDatanode> dead) {}

  /** One directory as the anonymous web user may list it. */
  record Listing(String path, List<DfsFileStatus> entries) {}

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
    p.facts("Started", Html.time(h.startMillis()),
        "Files and directories", s.files() + " files, " + s.directories() + " directories",
        "Blocks", s.blocks(),
        "Configured capacity", Html.bytes(h.capacityBytes()),
        "DFS used", new Html.Fragment(Html.escape(Html.bytes(h.usedBytes())) + " " + Html.bar(usedFraction)),
        "DFS remaining", Html.bytes(h.remainingBytes()),
        "Live DataNodes", h.live().size(),
        "Dead DataNodes", h.dead().size(),
        "Under-replicated blocks", s.underReplicatedBlocks(),
        "Blocks with corrupt replicas", s.corruptBlocks(),
        "Missing blocks", s.missingBlocks() == 0 ? "0" : Html.span("err", Long.toString(s.missingBlocks())));
    p.h2("Live DataNodes");
    List<List<Object>> rows = new ArrayList<>();
    for (DatanodeManager.LiveDatanode d : h.live()) {
      DatanodeReport r = d.report();
      double used = r.capacity() == 0 ? 0 : (double) r.used() / r.capacity();
      rows.add(List.of(r.id(), r.rack(), ago(d.lastContactMillis(), now), r.adminState().name(),
          Html.bytes(r.capacity()), Html.bytes(r.used()), Html.bytes(r.remaining()), Html.bar(used), r.blocks()));
    }
    p.table(List.of("DataNode", "Rack", "Last contact", "Admin state", "Capacity", "Used", "Remaining", "Used %",
        "Blocks"), rows);
    p.h2("Dead DataNodes");
    List<List<Object>> dead = new ArrayList<>();
    for (DatanodeManager.DeadDatanode d : h.dead()) {
      dead.add(List.of(d.id(), d.rack(), ago(d.lastContactMillis(), now)));
    }
    p.table(List.of("DataNode", "Rack", "Last contact"), dead);
    return p.finish();
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
    p.p("Listed as the anonymous web user (" + NamenodeHttp.WEB_USER + "): only what every user may read shows.");
    List<List<Object>> rows = new ArrayList<>();
    for (DfsFileStatus f : l.entries()) {
      String name = f.path().substring(f.path().lastIndexOf('/') + 1);
      rows.add(List.of(f.directory() ? Html.link(Html.url("/browse", "path", f.path()), name + "/") : name,
          f.directory() ? "dir" : "file", f.directory() ? "" : Html.bytes(f.length()),
          f.directory() ? "" : Integer.toString(f.replication()),
          f.directory() ? "" : Html.bytes(f.blockSize()), Html.time(f.modificationTime()),
          (f.directory() ? "d" : "-") + io.quern.fs.permission.FsPermission.symbolic(f.permission()), f.owner(),
          f.group()));
    }
    p.table(List.of("Name", "Type", "Size", "Replication", "Block size", "Modified", "Permission", "Owner", "Group"),
        rows);
    return p.finish();
  }
}
