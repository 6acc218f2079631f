package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.SafeModeAction;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sticky bit on a namesystem with no network: who may delete or rename an entry of a sticky
 * directory, its persistence in the edit log and the image, and the /tmp the NameNode makes.
 */
class StickyBitTest {
  static final String NN = "nnuser";
  @TempDir Path tmp;
  NamesystemFixture f;

  static NamesystemConfig config() {
    return new NamesystemConfig(3, 1 << 20, 1, 512, 0.999, 10_000, 2, 5_000, 64 * 1024)
        .with(new NamesystemConfig.Permissions(true, NN, "supergroup", (short) 022,
            Map.of("alice", Set.of("staff"), "bob", Set.of("dev"), "carol", Set.of("staff"),
                "admin", Set.of("supergroup"))));
  }

  @BeforeEach
  void setUp() throws Exception {
    f = new NamesystemFixture(tmp.resolve("name"), config());
    f.ns.setSafeMode(SafeModeAction.LEAVE);
    // Carol's shared directory: everyone may write in it, and it is sticky.
    f.ns.mkdirs("/shared", NN);
    f.ns.setOwner(NN, "/shared", "carol", "staff");
    f.ns.setPermission("carol", "/shared", (short) 01777);
    touch("alice", "/shared/a");
    f.ns.mkdirs("/shared/adir", "alice");
    f.ns.mkdirs("/bobs", NN);
    f.ns.setOwner(NN, "/bobs", "bob", "dev");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private void touch(String user, String path) throws Exception {
    String client = "c-" + user + path;
    f.ns.create(new CreateRequest(path, client, user, false, 0, 0), null).status();
    f.ns.complete(path, client, -1, 0);
  }

  private void assertStickyRefuses(FsNamesystem ns, String user) {
    AccessControlException e = assertThrows(AccessControlException.class, () -> ns.delete(user, "/shared/a", false));
    assertEquals("Permission denied by sticky bit: user=" + user + ", inode=/shared/a (owner=alice), "
        + "parent=/shared (owner=carol, mode=drwxrwxrwt)", e.getMessage());
    assertThrows(AccessControlException.class, () -> ns.rename(user, "/shared/a", "/shared/mine"));
    assertThrows(AccessControlException.class, () -> ns.rename(user, "/shared/adir", "/bobs/adir"));
    assertThrows(AccessControlException.class, () -> ns.delete(user, "/shared/adir", true));
    // Overwriting would delete alice's file and leave one of the caller's in its place.
    assertThrows(AccessControlException.class,
        () -> ns.create(new CreateRequest("/shared/a", "c-over", user, true, 0, 0), null).status());
  }

  @Test
  void othersWithWriteOnTheDirectoryCannotDeleteOrRenameAnEntry() throws Exception {
    DfsFileStatus shared = f.ns.getFileInfo("bob", "/shared");
    assertEquals(01777, shared.permission());
    assertStickyRefuses(f.ns, "bob");
    f.ns.setPermission("alice", "/shared/a", (short) 0666);
    assertStickyRefuses(f.ns, "bob"); // write on the file itself changes nothing
    assertEquals("alice", f.ns.getFileInfo(null, "/shared/a").owner());
    assertNotNull(f.ns.getFileInfo(null, "/shared/adir"));
    // Bob's own entries are his to delete and rename.
    touch("bob", "/shared/b");
    assertTrue(f.ns.rename("bob", "/shared/b", "/shared/b2"));
    assertTrue(f.ns.delete("bob", "/shared/b2", false));
  }

  @Test
  void theEntrysOwnerTheDirectorysOwnerAndSuperusersMay() throws Exception {
    assertTrue(f.ns.rename("alice", "/shared/a", "/shared/a2"));
    assertTrue(f.ns.rename("carol", "/shared/a2", "/shared/a3"));
    assertTrue(f.ns.delete("carol", "/shared/a3", false));
    touch("alice", "/shared/x");
    assertTrue(f.ns.delete("admin", "/shared/x", false)); // a member of the super group
    assertTrue(f.ns.delete(NN, "/shared/adir", true));
    touch("alice", "/shared/y");
    assertTrue(f.ns.delete("alice", "/shared/y", false));
  }

  @Test
  void withoutTheBitWriteOnTheDirectoryIsEnough() throws Exception {
    f.ns.setPermission("carol", "/shared", (short) 0777);
    assertTrue(f.ns.rename("bob", "/shared/a", "/shared/bobs-now"));
    assertTrue(f.ns.delete("bob", "/shared/bobs-now", false));
  }

  @Test
  void aRecursiveDeleteStopsAtAnotherUsersEntryOfAStickyDirectoryInside() throws Exception {
    f.ns.mkdirs("/bobs/pub", "bob");
    f.ns.setPermission("bob", "/bobs/pub", (short) 01777);
    touch("alice", "/bobs/pub/alices");
    f.ns.mkdirs("/bobs/pub/mine", "carol");
    f.ns.setPermission("carol", "/bobs/pub/mine", (short) 01777);
    touch("alice", "/bobs/pub/mine/deep");
    // Bob owns /bobs/pub, so alice's file there is his to remove, but not hers in carol's sticky one.
    assertThrows(AccessControlException.class, () -> f.ns.delete("bob", "/bobs/pub", true));
    assertNotNull(f.ns.getFileInfo(null, "/bobs/pub/alices"));
    f.ns.delete("alice", "/bobs/pub/mine/deep", false);
    assertTrue(f.ns.delete("bob", "/bobs/pub", true));
  }

  @Test
  void theBitSurvivesEditLogReplayAndTheImage() throws Exception {
    f.restart();
    f.ns.setSafeMode(SafeModeAction.LEAVE);
    assertEquals(01777, f.ns.getFileInfo(null, "/shared").permission());
    assertStickyRefuses(f.ns, "bob");
    f.ns.mkdirs("/shared/sub", "carol");
    f.ns.setPermission("carol", "/shared/sub", (short) 01770);
    f.ns.checkpoint();
    f.restart();
    f.ns.setSafeMode(SafeModeAction.LEAVE);
    assertEquals(01777, f.ns.getFileInfo(null, "/shared").permission());
    assertEquals(01770, f.ns.getFileInfo(null, "/shared/sub").permission());
    assertStickyRefuses(f.ns, "bob");
    assertTrue(f.ns.describe().contains("/shared 1000000 carol:staff 1777\n"), f.ns.describe());
  }

  @Test
  void aNewNamespaceHasASharedStickyTmpOfTheSuperuser() throws Exception {
    DfsFileStatus t = f.ns.getFileInfo(null, "/tmp");
    assertTrue(t.directory());
    assertEquals(NN, t.owner());
    assertEquals("supergroup", t.group());
    assertEquals(01777, t.permission());
    f.ns.mkdirs("/tmp/alices", "alice");
    touch("bob", "/tmp/bobs");
    assertThrows(AccessControlException.class, () -> f.ns.delete("alice", "/tmp/bobs", false));
    assertThrows(AccessControlException.class, () -> f.ns.rename("bob", "/tmp/alices", "/tmp/x"));
    f.restart();
    assertEquals(01777, f.ns.getFileInfo(null, "/tmp").permission());
    assertNotNull(f.ns.getFileInfo(null, "/tmp/alices"));
  }

  @Test
  void tmpIsMadeAgainAtStartWhenMissingAndAnAdministratorsTmpIsKept() throws Exception {
    f.ns.delete(NN, "/tmp", true);
    assertNull(f.ns.getFileInfo(null, "/tmp"));
    f.restart();
    assertEquals(01777, f.ns.getFileInfo(null, "/tmp").permission());
    f.ns.setSafeMode(SafeModeAction.LEAVE);
    f.ns.setPermission(NN, "/tmp", (short) 0755);
    f.ns.checkpoint();
    f.restart();
    assertEquals(0755, f.ns.getFileInfo(null, "/tmp").permission());
  }

  /**
   * An image and an edit log written before the sticky bit existed (by the previous NameNode,
   * kept under test resources) load as they were, and the missing /tmp is made.
   */
  @Test
  void anImageAndEditLogFromBeforeTheStickyBitLoad() throws Exception {
    Path old = tmp.resolve("old");
    Files.createDirectories(old);
    for (String name : new String[] {"fsimage", "edits"}) {
      try (InputStream in = StickyBitTest.class.getResourceAsStream("/pre-sticky-name/" + name)) {
        Files.copy(in, old.resolve(name));
      }
    }
    String expected = """
        next=1
        / 1000000 nnuser:supergroup 755
        /data 1001000 alice:staff 750
        /data/sub 1001000 alice:staff 711
        /data/sub/g 1000000 alice:staff 644 rep=3 bs=1048576 uc=null
        /tmp 1000000 nnuser:supergroup 1777
        """;
    try (NamesystemFixture loaded = new NamesystemFixture(old, config())) {
      assertEquals(expected, loaded.ns.describe());
      loaded.restart();
      assertEquals(expected, loaded.ns.describe());
    }
  }
}
