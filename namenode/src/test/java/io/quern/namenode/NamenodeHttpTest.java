package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.http.ForbiddenException;
import io.quern.http.NotFoundException;
import io.quern.net.HostPort;
import io.quern.protocol.dfs.DfsFileStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NameNode's health page and browser, on a namesystem with no network. */
class NamenodeHttpTest {
  @TempDir Path tmp;

  @Test
  void theBrowserListsOnlyWhatEveryUserMayList() throws Exception {
    NamesystemConfig cfg = new NamesystemConfig(3, 1 << 20, 1, 512, 0.999, 10_000, 2, 5_000, 64 * 1024)
        .with(new NamesystemConfig.Permissions(true, "nn", "supergroup", (short) 022,
            Map.of("alice", Set.of("staff"), NamenodeHttp.WEB_USER, Set.of())));
    try (NamesystemFixture f = new NamesystemFixture(tmp, cfg)) {
      FsNamesystem ns = f.ns;
      ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
      ns.mkdirs("/public/<sub>", "nn");
      ns.mkdirs("/home/alice/private", "nn");
      ns.setOwner("nn", "/home/alice", "alice", "staff");
      ns.setPermission("alice", "/home/alice", (short) 0750);
      NamenodeHttp http = new NamenodeHttp(new HostPort("127.0.0.1", 0), ns);

      NamenodePages.Listing root = http.listing("/");
      assertEquals(java.util.List.of("/home", "/public", "/tmp"), root.entries().stream().map(DfsFileStatus::path).toList());
      String page = NamenodePages.browse(http.listing("/public"));
      assertTrue(page.contains("&lt;sub&gt;/"), page);
      assertTrue(page.contains("href=\"/browse?path=%2Fpublic%2F%3Csub%3E\""), page);

      assertThrows(ForbiddenException.class, () -> http.listing("/home/alice"));
      assertThrows(ForbiddenException.class, () -> http.listing("/home/alice/private"));
      assertThrows(NotFoundException.class, () -> http.listing("/nowhere"));
    }
  }

  @Test
  void healthCountsTheNamespaceAndTheDataNodesLiveAndDead() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(tmp)) {
      FsNamesystem ns = f.ns;
      f.addDatanodes("h1", "h2", "h3");
      ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
      ns.mkdirs("/d", "tester");
      f.writeFile("/d/f", 2, 100);
      NamenodeHttp http = new NamenodeHttp(new HostPort("127.0.0.1", 0), ns);
      NamenodePages.Health h = http.health();
      assertEquals(new FsNamesystem.Summary(false, 1, 3, 2, 0, 0, 0), h.summary(), "directories: the root, /tmp and /d");
      assertEquals(3, h.live().size());
      assertEquals(3L << 40, h.capacityBytes());

      f.clock.addAndGet(5_000);
      ns.datanodes().datanodeLeft("h1:9010");
      ns.datanodes().datanodeLeft("h2:9010");
      ns.datanodes().datanodeLeft("h3:9010");
      h = http.health();
      assertEquals(0, h.live().size());
      assertEquals(java.util.List.of("h1:9010", "h2:9010", "h3:9010"), h.dead().stream().map(DatanodeManager.DeadDatanode::id).toList());
      assertEquals(2, h.summary().missingBlocks(), "both blocks lost their only replicas");
      String page = NamenodePages.health(h, f.clock.get());
      assertTrue(page.contains("Missing blocks"), page);
      assertTrue(page.contains("5.0s ago"), page);
    }
  }
}
