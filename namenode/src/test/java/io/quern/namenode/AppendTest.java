package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.AlreadyBeingCreatedException;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.FileNotFoundInDfsException;
import io.quern.protocol.dfs.InvalidPathException;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.LocatedBlocks;
import io.quern.protocol.dfs.ReplicaReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending reopens a closed file under a lease; new data goes into new blocks after its last. */
class AppendTest {
  @TempDir
  Path tmp;
  NamesystemFixture f;
  FsNamesystem ns;

  @BeforeEach
  void setUp() throws Exception {
    f = new NamesystemFixture(tmp);
    ns = f.ns;
    f.addDatanodes("h1@/r1", "h2@/r1", "h3@/r2");
    f.writeFile("/a", 1, 100);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** Adds a block as the client's first after reopening, reports its replicas at {@code length}. */
  private LocatedBlock writeBlock(String client, long previous, long previousLength, long length) throws Exception {
    LocatedBlock b = ns.addBlock(new AddBlockRequest("/a", client, "h1", previous, previousLength, List.of()));
    for (var dn : b.locations()) {
      ns.datanodes().blockReceived(dn.id(), List.of(new ReplicaReport(b.blockId(), length)));
    }
    return b;
  }

  @Test
  void appendedDataGoesIntoNewBlocksAfterTheLastOne() throws Exception {
    DfsFileStatus st = ns.append("u", "/a", "c2");
    assertTrue(st.underConstruction());
    assertEquals(100, st.length());
    assertEquals(st, ns.append("u", "/a", "c2"), "repeated by the same client, the same answer");
    LocatedBlock b1 = writeBlock("c2", -1, 0, 1 << 20);
    assertEquals(100, b1.offset(), "the new block starts where the file ended");
    LocatedBlock b2 = writeBlock("c2", b1.blockId(), 1 << 20, 7);
    assertTrue(ns.complete("/a", "c2", b2.blockId(), 7));
    DfsFileStatus done = ns.getFileInfo(null, "/a");
    assertFalse(done.underConstruction());
    assertEquals(100 + (1 << 20) + 7, done.length());
    LocatedBlocks blocks = ns.getBlockLocations(null, "/a", 0, Long.MAX_VALUE, "x");
    assertEquals(List.of(0L, 100L, 100L + (1 << 20)), blocks.blocks().stream().map(LocatedBlock::offset).toList());
    // The namespace as replayed from the edit log says the same.
    f.restart();
    ns = f.ns;
    assertEquals(done.length(), ns.getFileInfo(null, "/a").length());
    assertFalse(ns.getFileInfo(null, "/a").underConstruction());
  }

  @Test
  void oneWriterAtATime() throws Exception {
    ns.append("u", "/a", "c2");
    assertThrows(AlreadyBeingCreatedException.class, () -> ns.append("u", "/a", "c3"));
    assertThrows(AlreadyBeingCreatedException.class, () -> ns.create(new CreateRequest("/a", "c3", "u", true, 0, 0), null).status());
    assertTrue(ns.complete("/a", "c2", -1, 0), "an append that wrote nothing closes the file as it was");
    assertEquals(100, ns.getFileInfo(null, "/a").length());
    assertTrue(ns.append("u", "/a", "c3").underConstruction(), "closed again, another client may append");
  }

  @Test
  void missingFilesAndDirectoriesCannotBeAppendedTo() throws Exception {
    assertThrows(FileNotFoundInDfsException.class, () -> ns.append("u", "/nope", "c"));
    ns.mkdirs("/d", "u");
    assertThrows(InvalidPathException.class, () -> ns.append("u", "/d", "c"));
  }

  @Test
  void anAppenderThatDiesLeavesTheFileAsItWasAfterARestart() throws Exception {
    long first = ns.getBlockLocations(null, "/a", 0, 1, "x").blocks().get(0).blockId();
    ns.append("u", "/a", "dead");
    ns.addBlock(new AddBlockRequest("/a", "dead", "h1", -1, 0, List.of()));
    f.restart();
    ns = f.ns;
    f.addDatanodes("h1@/r1", "h2@/r1", "h3@/r2");
    for (String dn : List.of("h1:9010", "h2:9010", "h3:9010")) {
      ns.datanodes().blockReport(dn, List.of(new ReplicaReport(first, 100)));
    }
    ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
    assertTrue(ns.getFileInfo(null, "/a").underConstruction(), "the reopened file is still under its lease");
    f.clock.addAndGet(60_000);
    ns.monitor();
    DfsFileStatus st = ns.getFileInfo(null, "/a");
    assertFalse(st.underConstruction());
    assertEquals(100, st.length());
    assertEquals(1, ns.getBlockLocations(null, "/a", 0, Long.MAX_VALUE, "x").blocks().size());
  }
}
