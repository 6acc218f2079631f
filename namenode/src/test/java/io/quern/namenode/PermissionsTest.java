package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.DfsFileStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner, group and mode on every namespace operation, on a namesystem with no network. */
class PermissionsTest {
  static final String NN = "nnuser";
  @TempDir Path tmp;
  NamesystemFixture f;
  FsNamesystem ns;

  @BeforeEach
  void setUp() throws Exception {
    NamesystemConfig cfg = new NamesystemConfig(3, 1 << 20, 1, 512, 0.999, 10_000, 2, 5_000, 64 * 1024)
        .with(new NamesystemConfig.Permissions(true, NN, "supergroup", (short) 022,
            Map.of("alice", Set.of("staff"), "bob", Set.of("dev"), "carol", Set.of("staff"),
                "admin", Set.of("supergroup"))));
    f = new NamesystemFixture(tmp, cfg);
    ns = f.ns;
    ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
    ns.mkdirs("/data", NN);
    ns.setOwner(NN, "/data", "alice", "staff");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void newNodesGetCallerOwnerParentGroupAndUmask() throws Exception {
    ns.mkdirs("/data/a/b", "alice");
    DfsFileStatus d = ns.getFileInfo("alice", "/data/a/b");
    assertEquals("alice", d.owner());
    assertEquals("staff", d.group());
    assertEquals(0755, d.permission());
    ns.create(new CreateRequest("/data/a/f", "c1", "alice", false, 0, 0), null).status();
    DfsFileStatus st = ns.getFileInfo("alice", "/data/a/f");
    assertEquals(0644, st.permission());
    assertEquals("staff", st.group());
    DfsFileStatus root = ns.getFileInfo("bob", "/");
    assertEquals(NN, root.owner());
    assertEquals("supergroup", root.group());
  }

  @Test
  void writeToOthersDirectoryIsDeniedWithOneClearSentence() {
    AccessControlException e = assertThrows(AccessControlException.class, () -> ns.mkdirs("/data/x", "bob"));
    assertEquals("Permission denied: user=bob, access=WRITE, inode=/data (owner=alice, group=staff, "
        + "mode=drwxr-xr-x)", e.getMessage());
    assertThrows(AccessControlException.class,
        () -> ns.create(new CreateRequest("/data/f", "c2", "bob", false, 0, 0), null).status());
    assertThrows(AccessControlException.class, () -> ns.mkdirs("/top", "bob"));
  }

  @Test
  void deleteRenameSetReplicationNeedWrite() throws Exception {
    ns.create(new CreateRequest("/data/f", "c1", "alice", false, 0, 0), null).status();
    ns.complete("/data/f", "c1", -1, 0);
    ns.mkdirs("/bobs", NN);
    ns.setOwner(NN, "/bobs", "bob", null);
    assertThrows(AccessControlException.class, () -> ns.delete("bob", "/data/f", false));
    assertThrows(AccessControlException.class, () -> ns.rename("bob", "/data/f", "/bobs/f"));
    assertThrows(AccessControlException.class, () -> ns.setReplication("bob", "/data/f", 1));
    // Alice may not move her file into Bob's directory either: that needs write on the target's parent.
    assertThrows(AccessControlException.class, () -> ns.rename("alice", "/data/f", "/bobs/f"));
    assertTrue(ns.setReplication("alice", "/data/f", 1));
    assertTrue(ns.rename("alice", "/data/f", "/data/g"));
    assertTrue(ns.delete("alice", "/data/g", false));
  }

  @Test
  void recursiveDeleteNeedsWriteOnEveryNonEmptyDirectory() throws Exception {
    ns.setPermission(NN, "/data", (short) 0777);
    ns.mkdirs("/data/shared/locked", "bob");
    ns.create(new CreateRequest("/data/shared/locked/f", "c", "bob", false, 0, 0), null).status();
    ns.setPermission("bob", "/data/shared/locked", (short) 0555);
    ns.setPermission("bob", "/data/shared", (short) 0777);
    assertThrows(AccessControlException.class, () -> ns.delete("alice", "/data/shared", true));
    assertThrows(AccessControlException.class, () -> ns.delete("bob", "/data/shared/locked/f", false));
    ns.setPermission("bob", "/data/shared/locked", (short) 0755);
    assertThrows(AccessControlException.class, () -> ns.delete("alice", "/data/shared", true));
    assertTrue(ns.delete("bob", "/data/shared", true));
  }

  @Test
  void readAndListNeedReadTraverseNeedsExecute() throws Exception {
    ns.create(new CreateRequest("/data/f", "c1", "alice", false, 0, 0), null).status();
    ns.complete("/data/f", "c1", -1, 0);
    assertDoesNotThrow(() -> ns.getBlockLocations("bob", "/data/f", 0, 10, "h"));
    assertDoesNotThrow(() -> ns.getListing("bob", "/data"));
    ns.setPermission("alice", "/data/f", (short) 0600);
    AccessControlException e = assertThrows(AccessControlException.class,
        () -> ns.getBlockLocations("bob", "/data/f", 0, 10, "h"));
    assertTrue(e.getMessage().contains("access=READ, inode=/data/f (owner=alice, group=staff, mode=-rw-------)"),
        e.getMessage());
    ns.setPermission("alice", "/data", (short) 0751);
    assertThrows(AccessControlException.class, () -> ns.getListing("bob", "/data"));
    ns.setPermission("alice", "/data", (short) 0750);
    e = assertThrows(AccessControlException.class, () -> ns.getFileInfo("bob", "/data/f"));
    assertTrue(e.getMessage().contains("access=EXECUTE, inode=/data "), e.getMessage());
    // Carol is in alice's group: group bits r-x.
    ns.setPermission("alice", "/data/f", (short) 0640);
    assertDoesNotThrow(() -> ns.getBlockLocations("carol", "/data/f", 0, 10, "h"));
    assertThrows(AccessControlException.class, () -> ns.setReplication("carol", "/data/f", 2));
  }

  @Test
  void ownerAndSuperusersManagePermissions() throws Exception {
    assertThrows(AccessControlException.class, () -> ns.setPermission("bob", "/data", (short) 0777));
    assertThrows(AccessControlException.class, () -> ns.setOwner("alice", "/data", "bob", null));
    assertThrows(AccessControlException.class, () -> ns.setOwner("alice", "/data", null, "dev"));
    assertThrows(AccessControlException.class, () -> ns.setOwner("bob", "/data", null, "dev"));
    ns.setPermission("alice", "/data", (short) 0700);
    ns.setOwner("alice", "/data", null, "staff");
    // The super group's members pass every check.
    ns.setOwner("admin", "/data", "bob", "dev");
    ns.mkdirs("/data/by-admin", "admin");
    DfsFileStatus st = ns.getFileInfo(null, "/data");
    assertEquals("bob", st.owner());
    assertEquals("dev", st.group());
    assertEquals(0700, st.permission());
    // Setuid and setgid mean nothing in the DFS: refused, as HDFS does.
    assertThrows(java.io.IOException.class, () -> ns.setPermission("bob", "/data", (short) 02777));
    assertThrows(java.io.IOException.class, () -> ns.setPermission("bob", "/data", (short) 04755));
    assertThrows(java.io.IOException.class, () -> ns.setOwner("bob", "/data", "bad name", null));
  }

  @Test
  void permissionsSurviveReplayAndCheckpoint() throws Exception {
    ns.mkdirs("/data/p", "alice");
    ns.setPermission("alice", "/data/p", (short) 0710);
    ns.setOwner(NN, "/data/p", "carol", "dev");
    String before = ns.describe();
    f.restart();
    assertEquals(before, f.ns.describe());
    f.ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
    f.ns.checkpoint();
    f.restart();
    assertEquals(before, f.ns.describe());
    assertTrue(before.contains("/data/p 1000000 carol:dev 710"), before);
    assertFalse(before.contains("root"));
  }

  @Test
  void disabledChecksLetEveryoneThrough() throws Exception {
    f.close();
    NamesystemFixture off = new NamesystemFixture(tmp.resolve("off"), f.cfg.with(f.cfg.permissions().disabled()));
    try {
      off.ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
      off.ns.mkdirs("/x", NN);
      off.ns.setPermission(NN, "/x", (short) 0700);
      assertDoesNotThrow(() -> off.ns.mkdirs("/x/y", "bob"));
    } finally {
      off.close();
      f.open();
    }
  }
}
