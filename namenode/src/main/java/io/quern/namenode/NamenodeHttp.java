package io.quern.namenode;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.quern.http.BadRequestException;
import io.quern.http.DaemonHttp;
import io.quern.http.ForbiddenException;
import io.quern.http.NotFoundException;
import io.quern.http.Response;
import io.quern.fsck.Fsck;
import io.quern.net.HostPort;
import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.AdminState;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.InvalidPathException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * Serves the NameNode's status pages and metrics. Each page takes its snapshot through the
 * namesystem's own calls (under its lock, released before rendering). The browser acts as an
 * anonymous user with no groups, so that it lists only directories every user may list.
 */
final class NamenodeHttp extends DaemonHttp<NamenodeHttp> {
  /** Who the browser reads the namespace as (Hadoop's static web user). */
  static final String WEB_USER = "dr.who";

  private final FsNamesystem ns;
  private final long startMillis = System.currentTimeMillis();
  private volatile Cached cached = new Cached(0, null);

  private record Cached(long atNanos, NamenodePages.Health health) {}

  NamenodeHttp(HostPort bind, FsNamesystem ns) {
    super("namenode", bind);
    this.ns = ns;
    server.page("/", r -> {
      NamenodePages.Health h = health();
      return Response.of(r, h, () -> NamenodePages.health(h, System.currentTimeMillis()));
    });
    server.page("/browse", r -> {
      NamenodePages.Listing l = listing(r.param("path") == null ? "/" : r.param("path"));
      return Response.of(r, l, () -> NamenodePages.browse(l));
    });
    server.page("/fsck", r -> {
      NamenodePages.FsckPage f = fsck(r.param("path") == null ? "/" : r.param("path"),
          new Fsck.Options(r.flag("files"), r.flag("blocks"), r.flag("locations"), true));
      return Response.of(r, f.report(), () -> NamenodePages.fsck(f));
    });
    registerMetrics();
  }

  NamenodePages.Health health() {
    FsNamesystem.Summary s = ns.summary();
    DatanodeManager.Datanodes d = ns.datanodes().datanodesForStatus();
    NameDirectory.Storage storage = ns.storage();
    long capacity = 0;
    long used = 0;
    long remaining = 0;
    int decommissioning = 0;
    int decommissioned = 0;
    for (DatanodeManager.LiveDatanode dn : d.live()) {
      DatanodeReport r = dn.report();
      capacity += r.capacity();
      used += r.used();
      remaining += r.remaining();
      decommissioning += r.adminState() == AdminState.DECOMMISSIONING ? 1 : 0;
      decommissioned += r.adminState() == AdminState.DECOMMISSIONED ? 1 : 0;
    }
    int deadDecommissioned = (int) d.dead().stream().filter(x -> x.adminState() == AdminState.DECOMMISSIONED).count();
    return new NamenodePages.Health(server.endpoint().toString(), startMillis, s, capacity, used, remaining,
        new NamenodePages.DatanodeCounts(d.live().size(), decommissioning, decommissioned, d.dead().size(),
            deadDecommissioned), d.live(), d.dead(), storage);
  }

  NamenodePages.Listing listing(String path) throws IOException {
    return asWebUser(path, () -> {
      DfsFileStatus st = ns.getFileInfo(WEB_USER, path);
      if (st == null) {
        throw new NotFoundException("no file or directory " + path);
      }
      requireWorldAccess(path, st, false);
      if (!st.directory()) {
        return new NamenodePages.Listing(path, List.of(st));
      }
      // Listing needs read on the directory; the checker grants it to the web user only through the "other" bits.
      return new NamenodePages.Listing(path, ns.getListing(WEB_USER, path));
    });
  }

  /**
   * Runs the same check as {@code quern fsck PATH} on {@code path}, as the web user: refused when
   * the path is not readable by every user; what lies below it and is not is reported as not checked.
   */
  NamenodePages.FsckPage fsck(String path, Fsck.Options opts) throws IOException {
    return asWebUser(path, () -> {
      String p = DfsPaths.normalize(path);
      DfsFileStatus st = ns.getFileInfo(WEB_USER, p);
      if (st == null) {
        throw new NotFoundException("no file or directory " + p);
      }
      requireWorldAccess(p, st, true);
      StringWriter text = new StringWriter();
      Fsck.Report report;
      try (PrintWriter w = new PrintWriter(text)) {
        report = Fsck.run(new WebUserFsckSource(ns, server.endpoint().host(), ns.defaultReplication()), p, opts, w);
      } catch (Fsck.NoSuchPathException e) {
        throw new NotFoundException("no file or directory " + p);
      }
      return new NamenodePages.FsckPage(report, text.toString(), opts);
    });
  }

  /** A read of the namespace as the web user, its refusals answered as 400, 403 and 404 sentences. */
  private <T> T asWebUser(String path, Namespace.Change<T> read) throws IOException {
    if (!path.startsWith("/")) {
      throw new BadRequestException("the path '" + path + "' is not absolute");
    }
    try {
      return read.apply();
    } catch (AccessControlException e) {
      throw new ForbiddenException(path + " is not readable by every user, so it is not shown here");
    } catch (InvalidPathException e) {
      throw new BadRequestException(e.getMessage());
    } catch (FileNotFoundInDfsException e) {
      throw new NotFoundException("no file or directory " + path);
    }
  }

  /**
   * The namesystem's checks suffice while permissions are on; this holds the browser to the "other"
   * bits also when an operator turned them off: every ancestor searchable by all (o+x), the
   * directory itself listable by all (o+r), and with {@code walked} (the fsck walks below it and
   * reads blocks) the directory also searchable by all (o+x) and a file readable by all (o+r).
   */
  private void requireWorldAccess(String path, DfsFileStatus target, boolean walked) throws IOException {
    String prefix = "";
    for (String c : DfsPaths.components(path)) {
      DfsFileStatus dir = ns.getFileInfo(WEB_USER, prefix.isEmpty() ? "/" : prefix);
      if (dir == null || (dir.permission() & 01) == 0) {
        throw new AccessControlException("not searchable by all: " + (prefix.isEmpty() ? "/" : prefix));
      }
      prefix = prefix + "/" + c;
    }
    int needed = target.directory() ? (walked ? 05 : 04) : (walked ? 04 : 0);
    if ((target.permission() & needed) != needed) {
      throw new AccessControlException("not readable by all: " + path);
    }
  }

  private NamenodePages.Health recent() {
    Cached c = cached;
    if (c.health() != null && System.nanoTime() - c.atNanos() < 1_000_000_000L) {
      return c.health();
    }
    NamenodePages.Health h = health();
    cached = new Cached(System.nanoTime(), h);
    return h;
  }

  private void registerMetrics() {
    var reg = metrics.registry();
    gauge(reg, "quern_dfs_capacity_bytes", "Configured capacity of the live DataNodes", h -> h.capacityBytes());
    gauge(reg, "quern_dfs_used_bytes", "Bytes the live DataNodes use for blocks", h -> h.usedBytes());
    gauge(reg, "quern_dfs_remaining_bytes", "Bytes the live DataNodes have left for blocks", h -> h.remainingBytes());
    gauge(reg, "quern_dfs_files", "Files in the namespace", h -> h.summary().files());
    gauge(reg, "quern_dfs_directories", "Directories in the namespace", h -> h.summary().directories());
    gauge(reg, "quern_dfs_blocks", "Blocks in the namespace", h -> h.summary().blocks());
    gauge(reg, "quern_dfs_under_replicated_blocks", "Blocks with fewer live replicas than their file asks",
        h -> h.summary().underReplicatedBlocks());
    gauge(reg, "quern_dfs_corrupt_blocks", "Blocks with at least one replica that failed its checksum",
        h -> h.summary().corruptBlocks());
    gauge(reg, "quern_dfs_missing_blocks", "Blocks with no live replica", h -> h.summary().missingBlocks());
    gauge(reg, "quern_dfs_safe_mode", "1 while the NameNode is in safe mode", h -> h.summary().safeMode() ? 1 : 0);
    gauge(reg, "quern_dfs_decommissioning_datanodes", "Live DataNodes whose blocks are being copied elsewhere before they go",
        h -> h.datanodeCounts().decommissioning());
    gauge(reg, "quern_dfs_edit_log_last_txid", "The last transaction appended to the edit log",
        h -> h.storage().editLog() == null ? 0 : h.storage().editLog().lastTxid());
    // Sync latency as Prometheus likes it: rate(seconds_total) / rate(syncs_total) is the mean fsync time.
    io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("quern_dfs_edit_log_syncs_total")
        .help("Edit log fsyncs (group commits) since the NameNode started").callback(cb -> {
          var log = recent().storage().editLog();
          cb.call(log == null ? 0 : log.syncs());
        }).register(reg);
    io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("quern_dfs_edit_log_sync_seconds_total")
        .help("Time spent writing and fsyncing the edit log").callback(cb -> {
          var log = recent().storage().editLog();
          cb.call(log == null ? 0 : log.totalSyncMicros() / 1e6);
        }).register(reg);
    gauge(reg, "quern_dfs_edits_since_checkpoint", "Edits logged since the image was last saved",
        h -> h.storage().editsSinceCheckpoint());
    GaugeWithCallback.builder().name("quern_dfs_datanodes").help("DataNodes, live or dead (left since this NameNode started)")
        .labelNames("state").callback(cb -> {
          NamenodePages.Health h = recent();
          cb.call(h.live().size(), "live");
          cb.call(h.dead().size(), "dead");
        }).register(reg);
  }

  private void gauge(io.prometheus.metrics.model.registry.PrometheusRegistry reg, String name, String help,
      java.util.function.ToDoubleFunction<NamenodePages.Health> value) {
    GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsDouble(recent())))
        .register(reg);
  }
}
