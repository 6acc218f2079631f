package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.fsck.Fsck;
import io.quern.http.BadRequestException;
import io.quern.http.ForbiddenException;
import io.quern.http.Json;
import io.quern.http.NotFoundException;
import io.quern.net.HostPort;
import io.quern.protocol.dfs.AdminState;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.ReplicaReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NameNode's health page, browser and fsck, on a namesystem with no network. */
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

  @Test
  void decommissioningAndDecommissionedDataNodesShowWithTheirState() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(tmp)) {
      FsNamesystem ns = f.ns;
      f.addDatanodes("h1", "h2", "h3");
      ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
      f.writeFile("/f", 2, 100);
      NamenodeHttp http = new NamenodeHttp(new HostPort("127.0.0.1", 0), ns);

      f.clock.addAndGet(1_000);
      assertEquals(List.of("h1:9010"), ns.datanodes().decommission("h1"));
      ns.monitor();
      // Every block has replication 3 on three nodes: nowhere to copy h1's, so it stays in progress.
      NamenodePages.Health h = http.health();
      assertEquals(new NamenodePages.DatanodeCounts(3, 1, 0, 0, 0), h.datanodeCounts());
      DatanodeManager.LiveDatanode h1 = live(h, "h1:9010");
      assertEquals(AdminState.DECOMMISSIONING, h1.report().adminState());
      assertEquals(2, h1.report().blocks());
      assertEquals(2, h1.blocksToCopy(), "both blocks would lack a replica without h1");
      assertEquals(f.clock.get(), h1.adminStateSinceMillis());
      f.clock.addAndGet(3_000);
      String page = NamenodePages.health(h, f.clock.get());
      assertTrue(page.contains("<tr><td>h1:9010</td><td><span class=\"warn\">Decommission in progress</span></td><td>3.0s ago</td>"), page);
      assertTrue(page.contains("Decommissioning DataNodes</th><td><span class=\"warn\">1</span>"), page);
      assertTrue(Json.write(h).contains("\"adminState\":\"DECOMMISSIONING\""));

      // A fourth node takes the copies; the monitor then finds h1 drained.
      f.addDatanodes("h4");
      Map<Long, Long> lengths = new java.util.HashMap<>();
      ns.getBlockLocations(null, "/f", 0, Long.MAX_VALUE, "x").blocks().forEach(b -> lengths.put(b.blockId(), b.length()));
      List<DatanodeCommand> copies = ns.monitor();
      assertEquals(2, copies.size(), copies.toString());
      for (DatanodeCommand c : copies) {
        DatanodeCommand.Replicate r = (DatanodeCommand.Replicate) c;
        assertEquals("h4:9010", r.targets().get(0).id());
        ns.datanodes().blockReceived("h4:9010", List.of(new ReplicaReport(r.blockId(), lengths.get(r.blockId()))));
      }
      ns.monitor();
      h = http.health();
      assertEquals(new NamenodePages.DatanodeCounts(4, 0, 1, 0, 0), h.datanodeCounts());
      assertEquals(0, live(h, "h1:9010").blocksToCopy());
      assertTrue(NamenodePages.health(h, f.clock.get()).contains("<td>h1:9010</td><td>Decommissioned</td>"));

      ns.datanodes().datanodeLeft("h1:9010");
      h = http.health();
      assertEquals(new NamenodePages.DatanodeCounts(3, 0, 0, 1, 1), h.datanodeCounts());
      assertEquals(AdminState.DECOMMISSIONED, h.dead().get(0).adminState());
      assertEquals(0, h.summary().missingBlocks());
    }
  }

  private static DatanodeManager.LiveDatanode live(NamenodePages.Health h, String id) {
    return h.live().stream().filter(d -> d.report().id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theEditLogAndTheImageShowHowFarTheyAre() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(tmp)) {
      FsNamesystem ns = f.ns;
      ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
      NamenodeHttp http = new NamenodeHttp(new HostPort("127.0.0.1", 0), ns);
      NameDirectory.Storage before = http.health().storage();
      assertEquals(tmp.toString(), before.nameDir());
      assertEquals(null, before.image(), "no checkpoint yet");
      assertEquals(null, before.lastCheckpoint());
      long txid = before.editLog().lastTxid();
      assertEquals(txid, before.editLog().syncedTxid());

      ns.mkdirs("/a/b", "tester");
      ns.setPermission("tester", "/a", (short) 0700);
      NameDirectory.Storage after = http.health().storage();
      assertEquals(txid + 2, after.editLog().lastTxid(), "one edit per change");
      assertEquals(txid + 2, after.editLog().syncedTxid(), "a change returns once its edit is on disk");
      assertEquals(after.editLog().lastTxid(), after.editsSinceCheckpoint());
      assertTrue(after.editLog().syncs() >= before.editLog().syncs() + 2);
      assertTrue(after.editLog().segmentBytes() > before.editLog().segmentBytes());
      assertEquals(java.nio.file.Files.size(tmp.resolve("edits")), after.editLog().segmentBytes());
      assertEquals(List.of("edits"), after.editSegments().stream().map(NameDirectory.NameDirFile::name).toList());

      ns.checkpoint();
      ns.mkdirs("/c", "tester");
      NameDirectory.Storage saved = http.health().storage();
      assertEquals(txid + 2, saved.imageTxid());
      assertEquals(txid + 3, saved.editLog().lastTxid());
      assertEquals(1, saved.editsSinceCheckpoint());
      assertEquals(java.nio.file.Files.size(tmp.resolve("fsimage")), saved.image().bytes());
      assertEquals(txid + 2, saved.lastCheckpoint().imageTxid());
      assertEquals(null, saved.lastCheckpoint().error());
      String page = NamenodePages.health(http.health(), f.clock.get());
      assertTrue(page.contains("up to transaction " + (txid + 2)), page);
      assertTrue(page.contains("<th>Last transaction</th><td>" + (txid + 3) + "</td>"), page);
      assertTrue(Json.write(http.health()).contains("\"imageTxid\":" + (txid + 2)));
    }
  }

  @Test
  void fsckReportsWhatWasWrittenAndWhatIsMissing() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(tmp)) {
      FsNamesystem ns = f.ns;
      f.addDatanodes("h1", "h2", "h3");
      ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
      ns.mkdirs("/d/sub", "tester");
      f.writeFile("/d/f1", 2, 100);
      f.writeFile("/d/sub/f2", 1, 7);
      NamenodeHttp http = new NamenodeHttp(new HostPort("127.0.0.1", 0), ns);

      NamenodePages.FsckPage page = http.fsck("/d/", new Fsck.Options(true, true, false, true));
      Fsck.Report r = page.report();
      assertEquals("/d", r.path());
      assertEquals(Fsck.HEALTHY, r.status());
      assertEquals(2, r.dirs());
      assertEquals(2, r.files());
      assertEquals(3, r.blocks());
      assertEquals((1 << 20) + 100 + 7, r.totalSize());
      assertEquals(3.0, r.averageReplication());
      assertEquals(List.of(), r.problems());
      assertTrue(page.text().contains("/d/f1 " + ((1 << 20) + 100) + " bytes, 2 block(s):  OK"), page.text());
      assertTrue(page.text().contains(" Total files:\t2\n"), page.text());
      assertTrue(page.text().endsWith("The filesystem under path '/d' is HEALTHY\n"), page.text());
      String html = NamenodePages.fsck(page);
      assertTrue(html.contains("<span class=\"ok\">HEALTHY</span>"), html);
      assertTrue(Json.write(r).contains("\"files\":2,\"blocks\":3,"), Json.write(r));

      // Every replica gone with its DataNodes: the blocks are missing.
      for (String dn : List.of("h1:9010", "h2:9010", "h3:9010")) {
        ns.datanodes().datanodeLeft(dn);
      }
      r = http.fsck("/d", new Fsck.Options(false, false, false, true)).report();
      assertEquals(Fsck.CORRUPT, r.status());
      assertEquals(3, r.missingBlocks());
      assertEquals(0, r.minimallyReplicatedBlocks());
      assertEquals(3, r.problems().size());
      assertTrue(r.problems().get(0).startsWith("/d/f1: MISSING blk_"), r.problems().toString());

      assertThrows(NotFoundException.class, () -> http.fsck("/nowhere", new Fsck.Options(false, false, false, true)));
      assertThrows(BadRequestException.class, () -> http.fsck("d", new Fsck.Options(false, false, false, true)));
      assertThrows(BadRequestException.class, () -> http.fsck("/d/../x", new Fsck.Options(false, false, false, true)));
    }
  }

  @Test
  void fsckAsTheWebUserRefusesPrivatePathsAndSkipsWhatItMayNotRead() throws Exception {
    NamesystemConfig cfg = new NamesystemConfig(3, 1 << 20, 1, 512, 0.999, 10_000, 2, 5_000, 64 * 1024)
        .with(new NamesystemConfig.Permissions(true, "nn", "supergroup", (short) 022,
            Map.of("tester", Set.of("staff"), NamenodeHttp.WEB_USER, Set.of())));
    try (NamesystemFixture f = new NamesystemFixture(tmp, cfg)) {
      FsNamesystem ns = f.ns;
      f.addDatanodes("h1", "h2", "h3");
      ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
      ns.mkdirs("/pub/secret", "nn");
      ns.setOwner("nn", "/pub", "tester", "staff");
      ns.setOwner("nn", "/pub/secret", "tester", "staff");
      f.writeFile("/pub/open", 1, 10);
      f.writeFile("/pub/mine", 1, 20);
      f.writeFile("/pub/secret/hidden-name", 1, 30);
      ns.setPermission("tester", "/pub/mine", (short) 0600);
      ns.setPermission("tester", "/pub/secret", (short) 0700);
      NamenodeHttp http = new NamenodeHttp(new HostPort("127.0.0.1", 0), ns);
      Fsck.Options all = new Fsck.Options(true, true, true, true);

      assertThrows(ForbiddenException.class, () -> http.fsck("/pub/secret", all));
      assertThrows(ForbiddenException.class, () -> http.fsck("/pub/secret/hidden-name", all));
      assertThrows(ForbiddenException.class, () -> http.fsck("/pub/mine", all));

      NamenodePages.FsckPage page = http.fsck("/pub", all);
      Fsck.Report r = page.report();
      assertEquals(Fsck.HEALTHY, r.status());
      assertEquals(1, r.files(), "only /pub/open is readable by all");
      assertEquals(List.of("/pub/mine", "/pub/secret"), r.notChecked());
      assertFalse(page.text().contains("hidden-name"), page.text());
      assertFalse(NamenodePages.fsck(page).contains("hidden-name"));
      assertTrue(page.text().contains("/pub/secret: NOT CHECKED (not readable by every user)"), page.text());
      assertTrue(NamenodePages.browse(http.listing("/pub")).contains("href=\"/fsck?path=%2Fpub%2Fsecret\">fsck</a>"));
    }
  }
}
