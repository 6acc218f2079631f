package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.InvalidPathException;
import io.quern.protocol.dfs.TooManyOpenFilesException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path length, component length, depth and open-files-per-client bounds, each with a clear error. */
class FsLimitsTest {
  @TempDir Path tmp;
  NamesystemFixture f;

  @BeforeEach
  void setUp() throws Exception {
    NamesystemConfig cfg = new NamesystemConfig(3, 1 << 20, 1, 512, 0.999, 10_000, 2, 5_000, 64 * 1024)
        .with(NamesystemConfig.Permissions.defaults().disabled())
        .with(new NamesystemConfig.Limits(20, 100, 4, 3));
    f = new NamesystemFixture(tmp, cfg);
    f.ns.setSafeMode(io.quern.protocol.dfs.SafeModeAction.LEAVE);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void componentLengthIsBoundedOnCreateAndRename() throws Exception {
    String ok = "x".repeat(20);
    String bad = "y".repeat(21);
    assertDoesNotThrow(() -> f.ns.mkdirs("/" + ok, "u"));
    InvalidPathException e = assertThrows(InvalidPathException.class, () -> f.ns.mkdirs("/" + bad, "u"));
    assertTrue(e.getMessage().contains("dfs.namenode.fs-limits.max-component-length"), e.getMessage());
    assertThrows(InvalidPathException.class, () -> f.ns.create(new CreateRequest("/" + bad, "c", "u", false, 0, 0), null).status());
    assertThrows(InvalidPathException.class, () -> f.ns.rename(null, "/" + ok, "/" + bad));
  }

  @Test
  void depthIsBounded() throws Exception {
    assertDoesNotThrow(() -> f.ns.mkdirs("/a/b/c/d", "u"));
    InvalidPathException e = assertThrows(InvalidPathException.class, () -> f.ns.mkdirs("/a/b/c/d/e", "u"));
    assertTrue(e.getMessage().contains("5 directories deep") && e.getMessage().contains("max-directory-depth"),
        e.getMessage());
    assertThrows(InvalidPathException.class, () -> f.ns.create(new CreateRequest("/a/b/c/d/f", "c", "u", false, 0, 0), null).status());
  }

  @Test
  void totalLengthIsBoundedOnEveryCall() {
    String longPath = "/a".repeat(51);
    for (var call : java.util.List.<org.junit.jupiter.api.function.Executable>of(
        () -> f.ns.getFileInfo("u", longPath), () -> f.ns.getListing("u", longPath),
        () -> f.ns.delete("u", longPath, true), () -> f.ns.mkdirs(longPath, "u"))) {
      InvalidPathException e = assertThrows(InvalidPathException.class, call);
      assertTrue(e.getMessage().contains("102 characters exceeds the limit of 100"), e.getMessage());
    }
  }

  @Test
  void openFilesPerClientAreBounded() throws Exception {
    for (int i = 0; i < 3; i++) {
      f.ns.create(new CreateRequest("/f" + i, "greedy", "u", false, 0, 0), null).status();
    }
    TooManyOpenFilesException e = assertThrows(TooManyOpenFilesException.class,
        () -> f.ns.create(new CreateRequest("/f3", "greedy", "u", false, 0, 0), null).status());
    assertTrue(e.getMessage().contains("already has 3 files open") && e.getMessage().contains("per.client"),
        e.getMessage());
    // Another client is not affected; closing one file makes room.
    assertDoesNotThrow(() -> f.ns.create(new CreateRequest("/g", "other", "u", false, 0, 0), null).status());
    f.ns.complete("/f0", "greedy", -1, 0);
    assertDoesNotThrow(() -> f.ns.create(new CreateRequest("/f3", "greedy", "u", false, 0, 0), null).status());
  }

  @Test
  void configuredFromKeysAndBadValuesNameTheKey() {
    Configuration conf = new Configuration();
    conf.set("dfs.namenode.max.open.files.per.client", "7");
    conf.set("dfs.permissions.umask", "027");
    conf.set("dfs.permissions.user.groups", "alice=staff,dev; bob=dev");
    NamesystemConfig c = NamesystemConfig.from(conf);
    assertTrue(c.limits().maxOpenFilesPerClient() == 7 && c.limits().maxComponentLength() == 255
        && c.limits().maxPathLength() == 8000 && c.limits().maxDepth() == 1000);
    assertTrue(c.permissions().umask() == 027 && c.permissions().enabled());
    assertTrue(c.permissions().staticGroups().get("bob").contains("dev"));
    conf.set("dfs.namenode.fs-limits.max-directory-depth", "0");
    RuntimeException e = assertThrows(RuntimeException.class, () -> NamesystemConfig.from(conf));
    assertTrue(e.getMessage().contains("dfs.namenode.fs-limits.max-directory-depth"), e.getMessage());
    conf.set("dfs.namenode.fs-limits.max-directory-depth", "10");
    conf.set("dfs.permissions.umask", "0899");
    e = assertThrows(RuntimeException.class, () -> NamesystemConfig.from(conf));
    assertTrue(e.getMessage().contains("dfs.permissions.umask"), e.getMessage());
  }
}
