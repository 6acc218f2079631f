package io.quern.namenode;

import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.ReplicaReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** A namesystem on a temp dir with a hand-driven clock and DataNodes registered by hand. */
final class NamesystemFixture implements AutoCloseable {
  final AtomicLong clock = new AtomicLong(1_000_000);
  final Path dir;
  final NamesystemConfig cfg;
  FsNamesystem ns;
  /** How checkpoints make the edit log's next segment; a test may slow it down. */
  NameDirectory.SegmentMaker segments = EditLog::createSegment;

  NamesystemFixture(Path dir) throws IOException {
    // Namespace mechanics, not access control: permission checks off (PermissionsTest turns them on).
    this(dir, new NamesystemConfig(3, 1 << 20, 1, 512, 0.999, 10_000, 2, 5_000, 64 * 1024)
        .with(NamesystemConfig.Permissions.defaults().disabled()));
  }

  NamesystemFixture(Path dir, NamesystemConfig cfg) throws IOException {
    this.dir = dir;
    this.cfg = cfg;
    open();
  }

  void open() throws IOException {
    ns = new FsNamesystem(cfg, dir, clock::get, new PlacementPolicy(new Random(7)), h -> "/default-rack", segments);
    ns.load();
  }

  void restart() throws IOException {
    ns.close();
    open();
  }

  void addDatanodes(String... hostsWithRacks) {
    for (String hr : hostsWithRacks) {
      String[] p = hr.split("@");
      ns.datanodes().datanodeJoined(p[0] + ":9010", p[0], 9010, p.length > 1 ? p[1] : "/default-rack", 1L << 40, 0, 1L << 40);
    }
  }

  /** Creates a file of {@code blocks} full blocks, reporting each replica as the DataNodes would. */
  void writeFile(String path, int blocks, long lastLength) throws IOException {
    String client = "c-" + path;
    ns.create(new CreateRequest(path, client, "tester", false, 0, 0), null).status();
    long prev = -1;
    long prevLen = 0;
    for (int i = 0; i < blocks; i++) {
      LocatedBlock b = ns.addBlock(new AddBlockRequest(path, client, "client-host", prev, prevLen, List.of()));
      long len = i == blocks - 1 ? lastLength : cfg.defaultBlockSize();
      for (var dn : b.locations()) {
        ns.datanodes().blockReceived(dn.id(), List.of(new ReplicaReport(b.blockId(), len)));
      }
      prev = b.blockId();
      prevLen = len;
    }
    if (!ns.complete(path, client, prev, prevLen)) {
      throw new IllegalStateException("complete refused");
    }
  }

  @Override
  public void close() {
    ns.close();
  }
}
