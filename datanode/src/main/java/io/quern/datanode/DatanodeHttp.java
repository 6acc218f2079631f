package io.quern.datanode;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.quern.http.DaemonHttp;
import io.quern.http.Html;
import io.quern.http.Response;
import io.quern.net.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** A DataNode's status page (its volumes and replicas) and metrics. */
final class DatanodeHttp extends DaemonHttp<DatanodeHttp> {
  static final String[] NAV = {"DataNode", "/", "Metrics", "/metrics"};

  /** What the page shows; {@code namenodeHttp} is null when no NameNode is registered. */
  record Status(String id, long startMillis, int blocks, long capacityBytes, long usedBytes, long remainingBytes,
      List<Volumes.VolumeStatus> volumes, String namenodeHttp) {}


  DatanodeHttp(HostPort bind, Supplier<Status> status, BlockStore store) {
    super("datanode", bind);
    server.page("/", r -> {
      Status s = status.get();
      return Response.of(r, s, () -> page(s));
    });
    var reg = metrics.registry();
    GaugeWithCallback.builder().name("quern_datanode_blocks").help("Finalized replicas this DataNode stores")
        .callback(cb -> cb.call(store.finalizedIds().size())).register(reg);
    GaugeWithCallback.builder().name("quern_datanode_capacity_bytes").help("Bytes this DataNode may use for replicas")
        .callback(cb -> cb.call(store.capacity())).register(reg);
    GaugeWithCallback.builder().name("quern_datanode_used_bytes").help("Bytes of replicas stored")
        .callback(cb -> cb.call(store.used())).register(reg);
    GaugeWithCallback.builder().name("quern_datanode_remaining_bytes").help("Bytes left for new replicas")
        .callback(cb -> cb.call(store.remaining())).register(reg);
  }

  static String page(Status s) {
    Html h = new Html("Quern DataNode " + s.id(), NAV);
    if (s.namenodeHttp() != null) {
      h.p(Html.link("http://" + s.namenodeHttp() + "/", "The NameNode"));
    }
    double used = s.capacityBytes() == 0 ? 0 : (double) s.usedBytes() / s.capacityBytes();
    h.facts("Started", Html.time(s.startMillis()), "Blocks", s.blocks(), "Capacity", Html.bytes(s.capacityBytes()),
        "Used", new Html.Fragment(Html.escape(Html.bytes(s.usedBytes())) + " " + Html.bar(used)),
        "Remaining", Html.bytes(s.remainingBytes()));
    h.h2("Volumes");
    List<List<Object>> rows = new ArrayList<>();
    for (Volumes.VolumeStatus v : s.volumes()) {
      rows.add(List.of(v.dir(), Html.bytes(v.diskBytes()), Html.bytes(v.freeForBlocksBytes())));
    }
    h.table(List.of("Directory", "Disk size", "Room for blocks"), rows);
    return h.finish();
  }
}
