package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.fs.FileAlreadyExistsException;
import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.AlreadyBeingCreatedException;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.CreatedFile;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.DirectoryNotEmptyException;
import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.InvalidPathException;
import io.quern.protocol.dfs.LeaseExpiredException;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.NotEnoughReplicasException;
import io.quern.protocol.dfs.ReplicaReport;
import io.quern.protocol.dfs.SafeModeAction;
import io.quern.protocol.dfs.SafeModeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsNamesystemTest {
  @TempDir
  Path tmp;
  NamesystemFixture f;
  FsNamesystem ns;

  @BeforeEach
  void setUp() throws Exception {
    f = new NamesystemFixture(tmp);
    ns = f.ns;
    f.addDatanodes("h1@/r1", "h2@/r1", "h3@/r2", "h4@/r2");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /**
   * A DataNode cut off past its session registers again with its replicas intact; the block map
   * lost them with its znode. Asked for a full report until one comes, its replicas are known
   * again.
   */
  @Test
  void aDataNodeBackFromAnExpiredSessionIsAskedForAFullReportUntilItSendsOne() throws Exception {
    f.writeFile("/f", 1, 100);
    LocatedBlock b = ns.getBlockLocations(null, "/f", 0, Long.MAX_VALUE, "x").blocks().get(0);
    for (String id : ns.datanodes().datanodeIds()) {
      boolean holds = b.locations().stream().anyMatch(d -> d.id().equals(id));
      ns.datanodes().blockReport(id, holds ? List.of(new ReplicaReport(b.blockId(), 100)) : List.of());
    }
    assertEquals(List.of(), ns.datanodes().fullReportRequests(), "every DataNode has reported");
    String holder = b.locations().get(0).id();
    String host = holder.substring(0, holder.indexOf(':'));
    ns.datanodes().datanodeLeft(holder);
    ns.datanodes().datanodeJoined(holder, host, 9010, "/r1", 1L << 40, 0, 1L << 40);
    assertFalse(holders("/f").contains(holder), "its replica left the block map with its znode");
    assertEquals(List.of(), ns.datanodes().fullReportRequests(), "it has a moment to report by itself");
    f.clock.addAndGet(DatanodeManager.FULL_REPORT_GRACE_MS);
    assertEquals(List.of(new DatanodeCommand.SendFullReport(holder)), ns.datanodes().fullReportRequests());
    assertEquals(List.of(), ns.datanodes().fullReportRequests(), "asked once per grace period");
    f.clock.addAndGet(DatanodeManager.FULL_REPORT_GRACE_MS);
    assertEquals(1, ns.datanodes().fullReportRequests().size(), "asked again while no report comes");
    ns.datanodes().blockReport(holder, List.of(new ReplicaReport(b.blockId(), 100)));
    assertTrue(holders("/f").contains(holder), "its report put the replica back");
    f.clock.addAndGet(DatanodeManager.FULL_REPORT_GRACE_MS);
    assertEquals(List.of(), ns.datanodes().fullReportRequests());
  }

  private List<String> holders(String path) throws Exception {
    return ns.getBlockLocations(null, path, 0, Long.MAX_VALUE, "x").blocks().get(0).locations().stream()
        .map(d -> d.id()).toList();
  }

  @Test
  void mkdirsListAndStat() throws Exception {
    assertTrue(ns.mkdirs("/a/b/c", "u"));
    assertTrue(ns.mkdirs("/a/b/c", "u"));
    assertTrue(ns.getFileInfo(null, "/a/b").directory());
    assertEquals(List.of("/a/b/c"), ns.getListing(null, "/a/b").stream().map(DfsFileStatus::path).toList());
    assertNull(ns.getFileInfo(null, "/nope"));
    assertThrows(FileNotFoundInDfsException.class, () -> ns.getListing(null, "/nope"));
  }

  @Test
  void rejectsBadPaths() {
    for (String p : List.of("a/b", "/a/../b", "/a//b", "/a/./b", "/a/b:c", "")) {
      assertThrows(InvalidPathException.class, () -> ns.mkdirs(p, "u"), p);
    }
  }

  @Test
  void createOverDirectoryAndUnderFileFail() throws Exception {
    ns.mkdirs("/d", "u");
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> ns.create(new CreateRequest("/d", "c", "u", true, 0, 0), null).status());
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    f.writeFile("/file", 1, 10);
    assertThrows(FileAlreadyExistsException.class, () -> ns.mkdirs("/file/x", "u"));
    assertThrows(FileAlreadyExistsException.class, () -> ns.create(new CreateRequest("/file", "c", "u", false, 0, 0), null).status());
  }

  @Test
  void oneWriterPerFile() throws Exception {
    ns.create(new CreateRequest("/w", "c1", "u", false, 0, 0), null).status();
    assertThrows(AlreadyBeingCreatedException.class, () -> ns.create(new CreateRequest("/w", "c2", "u", true, 0, 0), null).status());
    assertThrows(LeaseExpiredException.class,
        () -> ns.addBlock(new AddBlockRequest("/w", "c2", "h", -1, 0, List.of())));
  }

  @Test
  void fileLengthCountsCommittedBlocksOnly() throws Exception {
    ns.create(new CreateRequest("/f", "c", "u", false, 0, 0), null).status();
    LocatedBlock b1 = ns.addBlock(new AddBlockRequest("/f", "c", "h1", -1, 0, List.of()));
    assertEquals(3, b1.locations().size());
    assertEquals("h1", b1.locations().get(0).host(), "first replica on the writer's node");
    assertEquals(0, ns.getFileInfo(null, "/f").length());
    b1.locations().forEach(d -> ns.datanodes().blockReceived(d.id(), List.of(new ReplicaReport(b1.blockId(), 1 << 20))));
    LocatedBlock b2 = ns.addBlock(new AddBlockRequest("/f", "c", "h1", b1.blockId(), 1 << 20, List.of()));
    assertEquals(1 << 20, ns.getFileInfo(null, "/f").length());
    assertEquals(1 << 20, b2.offset());
    assertFalse(ns.complete("/f", "c", b2.blockId(), 5), "no replica of the last block reported yet");
    ns.datanodes().blockReceived(b2.locations().get(0).id(), List.of(new ReplicaReport(b2.blockId(), 5)));
    assertTrue(ns.complete("/f", "c", b2.blockId(), 5));
    DfsFileStatus st = ns.getFileInfo(null, "/f");
    assertEquals((1 << 20) + 5, st.length());
    assertFalse(st.underConstruction());
    assertEquals(2, ns.getBlockLocations(null, "/f", 0, Long.MAX_VALUE, "x").blocks().size());
  }

  @Test
  void emptyFile() throws Exception {
    ns.create(new CreateRequest("/empty", "c", "u", false, 0, 0), null).status();
    assertTrue(ns.complete("/empty", "c", -1, 0));
    assertEquals(0, ns.getFileInfo(null, "/empty").length());
    assertEquals(0, ns.getBlockLocations(null, "/empty", 0, 10, "x").blocks().size());
  }

  @Test
  void deleteAndRename() throws Exception {
    f.writeFile("/a/b/f1", 1, 3);
    f.writeFile("/a/f2", 2, 3);
    assertThrows(DirectoryNotEmptyException.class, () -> ns.delete(null, "/a", false));
    assertTrue(ns.rename(null, "/a/b", "/c"));
    assertNull(ns.getFileInfo(null, "/a/b"));
    assertEquals(3, ns.getFileInfo(null, "/c/f1").length());
    ns.mkdirs("/d", "u");
    assertTrue(ns.rename(null, "/c", "/d"), "into an existing directory");
    assertTrue(ns.getFileInfo(null, "/d/c/f1") != null);
    assertThrows(InvalidPathException.class, () -> ns.rename(null, "/d", "/d/c/x"));
    assertThrows(FileNotFoundInDfsException.class, () -> ns.rename(null, "/nope", "/x"));
    assertThrows(FileAlreadyExistsException.class, () -> ns.rename(null, "/a/f2", "/d/c/f1"));
    assertTrue(ns.delete(null, "/a", true));
    assertFalse(ns.delete(null, "/a", true));
    assertThrows(InvalidPathException.class, () -> ns.delete(null, "/", true));
  }

  @Test
  void safeModeRefusesChanges() throws Exception {
    assertTrue(ns.setSafeMode(SafeModeAction.ENTER));
    assertThrows(SafeModeException.class, () -> ns.mkdirs("/x", "u"));
    assertFalse(ns.setSafeMode(SafeModeAction.LEAVE));
    assertTrue(ns.mkdirs("/x", "u"));
  }

  @Test
  void startupSafeModeWaitsForReports() throws Exception {
    f.writeFile("/f", 2, 7);
    f.restart();
    ns = f.ns;
    assertTrue(ns.inSafeMode());
    f.addDatanodes("h1@/r1");
    var blocks = ns.getBlockLocations(null, "/f", 0, Long.MAX_VALUE, "x").blocks();
    ns.datanodes().blockReport("h1:9010", List.of(new ReplicaReport(blocks.get(0).blockId(), 1 << 20)));
    assertTrue(ns.inSafeMode(), "1 of 2 blocks reported");
    ns.datanodes().blockReport("h1:9010", List.of(new ReplicaReport(blocks.get(0).blockId(), 1 << 20),
        new ReplicaReport(blocks.get(1).blockId(), 7)));
    assertFalse(ns.inSafeMode());
  }

  @Test
  void noDatanodesMeansAClearError() throws Exception {
    for (String id : List.of("h1:9010", "h2:9010", "h3:9010", "h4:9010")) {
      ns.datanodes().datanodeLeft(id);
    }
    ns.create(new CreateRequest("/f", "c", "u", false, 0, 0), null).status();
    assertThrows(NotEnoughReplicasException.class,
        () -> ns.addBlock(new AddBlockRequest("/f", "c", "h", -1, 0, List.of())));
  }

  @Test
  void expiredLeaseClosesFileAtLastCompleteBlock() throws Exception {
    ns.create(new CreateRequest("/w", "dead", "u", false, 0, 0), null).status();
    LocatedBlock b1 = ns.addBlock(new AddBlockRequest("/w", "dead", "h1", -1, 0, List.of()));
    b1.locations().forEach(d -> ns.datanodes().blockReceived(d.id(), List.of(new ReplicaReport(b1.blockId(), 1 << 20))));
    ns.addBlock(new AddBlockRequest("/w", "dead", "h1", b1.blockId(), 1 << 20, List.of()));
    f.clock.addAndGet(5_000);
    ns.monitor();
    assertTrue(ns.getFileInfo(null, "/w").underConstruction(), "lease not expired yet");
    f.clock.addAndGet(6_000);
    List<DatanodeCommand> cmds = ns.monitor();
    DfsFileStatus st = ns.getFileInfo(null, "/w");
    assertFalse(st.underConstruction());
    assertEquals(1 << 20, st.length());
    assertEquals(1, ns.getBlockLocations(null, "/w", 0, Long.MAX_VALUE, "x").blocks().size());
    assertTrue(cmds.stream().anyMatch(c -> c instanceof DatanodeCommand.Invalidate), "the half-written block is deleted");
  }

  @Test
  void lostDatanodeTriggersReplicationFewestReplicasFirst() throws Exception {
    f.writeFile("/f", 1, 100);
    var loc = ns.getBlockLocations(null, "/f", 0, 1, "x").blocks().get(0);
    ns.datanodes().datanodeLeft(loc.locations().get(0).id());
    ns.datanodes().datanodeLeft(loc.locations().get(1).id());
    List<DatanodeCommand> cmds = ns.monitor();
    DatanodeCommand.Replicate r = (DatanodeCommand.Replicate) cmds.stream()
        .filter(c -> c instanceof DatanodeCommand.Replicate).findFirst().orElseThrow();
    assertEquals(loc.locations().get(2).id(), r.datanodeId());
    assertEquals(1, r.targets().size(), "only one other DataNode is left");
  }

  @Test
  void raisedAndLoweredReplication() throws Exception {
    f.writeFile("/f", 1, 100);
    ns.setReplication(null, "/f", 4);
    assertTrue(ns.monitor().stream().anyMatch(c -> c instanceof DatanodeCommand.Replicate));
    ns.setReplication(null, "/f", 1);
    long invalidations = ns.monitor().stream().filter(c -> c instanceof DatanodeCommand.Invalidate).count();
    assertEquals(2, invalidations);
    assertEquals(1, ns.getBlockLocations(null, "/f", 0, 1, "x").blocks().get(0).locations().size());
  }

  @Test
  void corruptReplicaIsNotServedAndIsReplaced() throws Exception {
    f.writeFile("/f", 1, 100);
    var b = ns.getBlockLocations(null, "/f", 0, 1, "x").blocks().get(0);
    String bad = b.locations().get(0).id();
    ns.datanodes().reportBadBlocks(List.of(new io.quern.protocol.dfs.BadReplica(b.blockId(), bad)));
    var after = ns.getBlockLocations(null, "/f", 0, 1, "x").blocks().get(0);
    assertEquals(2, after.locations().size());
    assertFalse(after.locations().stream().anyMatch(d -> d.id().equals(bad)));
    assertTrue(ns.monitor().stream().anyMatch(c -> c instanceof DatanodeCommand.Replicate));
  }

  @Test
  void decommissionDrainsANode() throws Exception {
    f.writeFile("/f", 1, 100);
    var b = ns.getBlockLocations(null, "/f", 0, 1, "x").blocks().get(0);
    DatanodeRefHolder target = new DatanodeRefHolder(b.locations().get(0).id());
    ns.datanodes().decommission(target.id.split(":")[0]);
    var cmds = ns.monitor();
    DatanodeCommand.Replicate r = (DatanodeCommand.Replicate) cmds.stream()
        .filter(c -> c instanceof DatanodeCommand.Replicate).findFirst().orElseThrow();
    ns.datanodes().blockReceived(r.targets().get(0).id(), List.of(new ReplicaReport(b.blockId(), 100)));
    ns.monitor();
    var report = ns.datanodes().datanodeReport().stream().filter(d -> d.id().equals(target.id)).findFirst().orElseThrow();
    assertEquals(io.quern.protocol.dfs.AdminState.DECOMMISSIONED, report.adminState());
  }

  private record DatanodeRefHolder(String id) {}

  /** A client whose reply was lost (the NameNode restarted) repeats the call; it gets what the first made. */
  @Test
  void repeatedCreateAddBlockAndCompleteAnswerLikeTheFirst() throws Exception {
    DfsFileStatus first = ns.create(new CreateRequest("/r", "c1", "u", false, 0, 0), null).status();
    assertEquals(first.path(), ns.create(new CreateRequest("/r", "c1", "u", false, 0, 0), null).status().path());
    AddBlockRequest add = new AddBlockRequest("/r", "c1", "h1", -1, 0, List.of());
    LocatedBlock b = ns.addBlock(add);
    LocatedBlock again = ns.addBlock(add);
    assertEquals(b.blockId(), again.blockId(), "no second block for a repeated addBlock");
    assertEquals(b.locations(), again.locations());
    ns.datanodes().blockReceived(b.locations().get(0).id(), List.of(new ReplicaReport(b.blockId(), 10)));
    assertTrue(ns.complete("/r", "c1", b.blockId(), 10));
    assertTrue(ns.complete("/r", "c1", b.blockId(), 10), "a repeated complete of the file it closed");
    assertEquals(10, ns.getFileInfo(null, "/r").length());
    assertThrows(LeaseExpiredException.class, () -> ns.complete("/r", "c1", b.blockId() + 1, 10));
  }

  /** create with the first block: one call; a repeat answers the same block; it all survives a restart. */
  @Test
  void createWithFirstBlockInOneCall() throws Exception {
    CreatedFile c = ns.create(new CreateRequest("/w", "c1", "u", false, 0, 0), "h1");
    LocatedBlock b = c.firstBlock();
    assertEquals(3, b.locations().size());
    assertTrue(c.status().underConstruction());
    CreatedFile again = ns.create(new CreateRequest("/w", "c1", "u", false, 0, 0), "h1");
    assertEquals(b.blockId(), again.firstBlock().blockId(), "no second block for a repeated create");
    assertEquals(b.locations(), again.firstBlock().locations());
    for (var dn : b.locations()) {
      ns.datanodes().blockReceived(dn.id(), List.of(new ReplicaReport(b.blockId(), 1024)));
    }
    assertTrue(ns.complete("/w", "c1", b.blockId(), 1024));
    f.restart();
    ns = f.ns;
    assertEquals(1024, ns.getFileInfo(null, "/w").length());
    assertFalse(ns.getFileInfo(null, "/w").underConstruction());
    assertEquals(b.blockId(), ns.getBlockLocations(null, "/w", 0, 10, "x").blocks().get(0).blockId());
  }

  /** A file closed without data drops the block allocated with it, also after a restart. */
  @Test
  void emptyFileCreatedWithABlockDropsIt() throws Exception {
    CreatedFile c = ns.create(new CreateRequest("/e", "c1", "u", false, 0, 0), "h1");
    assertTrue(ns.complete("/e", "c1", -1, 0));
    assertTrue(ns.complete("/e", "c1", -1, 0), "a repeated complete of the file it closed");
    assertEquals(0, ns.getBlockLocations(null, "/e", 0, 10, "x").blocks().size());
    f.restart();
    ns = f.ns;
    assertEquals(0, ns.getFileInfo(null, "/e").length());
    assertFalse(ns.getFileInfo(null, "/e").underConstruction());
    String line = ns.describe().lines().filter(l -> l.startsWith("/e ")).findFirst().orElseThrow();
    assertFalse(line.contains(" " + c.firstBlock().blockId() + ":"), line);
  }

  /** complete() waits for the last block's report, which DataNodes send after acking the writer. */
  @Test
  void completeWaitsForTheLastBlocksReport() throws Exception {
    CreatedFile c = ns.create(new CreateRequest("/late", "c1", "u", false, 0, 0), "h1");
    long id = c.firstBlock().blockId();
    assertFalse(ns.complete("/late", "c1", id, 100), "no replica reported: not closed");
    java.util.concurrent.CompletableFuture<Boolean> closing =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return ns.complete("/late", "c1", id, 100);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    ns.datanodes().blockReceived(c.firstBlock().locations().get(0).id(), List.of(new ReplicaReport(id, 100)));
    assertTrue(closing.get(), "closed once the report arrived");
    assertFalse(ns.getFileInfo(null, "/late").underConstruction());
    assertEquals(100, ns.getFileInfo(null, "/late").length());
  }

  @Test
  void createWithoutDatanodesLeavesTheBlockToAddBlock() throws Exception {
    f.close();
    f = new NamesystemFixture(tmp.resolve("bare"));
    ns = f.ns;
    ns.setSafeMode(SafeModeAction.LEAVE);
    CreatedFile c = ns.create(new CreateRequest("/n", "c1", "u", false, 0, 0), "h1");
    assertNull(c.firstBlock());
    assertTrue(ns.getFileInfo(null, "/n").underConstruction());
    assertThrows(NotEnoughReplicasException.class,
        () -> ns.addBlock(new AddBlockRequest("/n", "c1", "h1", -1, 0, List.of())));
  }

  @Test
  void startUpSafeModeIsMarkedAsSuch() throws Exception {
    ns.setSafeMode(SafeModeAction.ENTER);
    SafeModeException manual = assertThrows(SafeModeException.class, () -> ns.mkdirs("/m", "u"));
    assertFalse(manual.startingUp(), "an administrator's safe mode is not waited out");
  }
}
