package io.quern.dfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.DFSck;
import io.quern.fs.DfsAdmin;
import io.quern.fs.FsShell;
import io.quern.minicluster.MiniDfsCluster;
import io.quern.util.ToolRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fs shell, fsck and admin commands against a mini cluster. */
class DfsCliIT {
  @TempDir
  static java.nio.file.Path tmp;
  static MiniDfsCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniDfsCluster.builder(tmp.resolve("cluster")).dataNodes(3).start();
  }

  @AfterAll
  static void stop() throws Exception {
    io.quern.fs.FileSystem.closeAll();
    if (cluster != null) {
      cluster.close();
    }
  }

  record Result(int status, String out, String err, byte[] raw) {}

  static Result shell(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = ToolRunner.run(new Configuration(cluster.conf()), new FsShell(new PrintStream(out, true),
        new PrintStream(err, true)), args);
    return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        out.toByteArray());
  }

  @Test
  void shellCommands() throws Exception {
    java.nio.file.Path local = tmp.resolve("local.bin");
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(data);
    Files.write(local, data);
    assertEquals(0, shell("-mkdir", "-p", "/cli/in").status());
    Result mk = shell("-mkdir", "/cli/x/y");
    assertEquals(1, mk.status());
    assertEquals("-mkdir: `/cli/x/y': No such file or directory\n", mk.err());
    assertEquals(0, shell("-put", local.toString(), "/cli/in").status());
    Result again = shell("-put", local.toString(), "/cli/in/local.bin");
    assertEquals("-put: `/cli/in/local.bin': File exists\n", again.err());
    assertEquals(0, shell("-put", "-f", local.toString(), "/cli/in/local.bin").status());
    Result ls = shell("-ls", "/cli/in");
    assertTrue(ls.out().startsWith("Found 1 items\n"), ls.out());
    assertTrue(ls.out().contains(" " + data.length + " "), ls.out());
    Result missing = shell("-ls", "/nope");
    assertEquals(1, missing.status());
    assertEquals("-ls: `/nope': No such file or directory\n", missing.err());
    java.nio.file.Path back = tmp.resolve("back.bin");
    assertEquals(0, shell("-get", "/cli/in/local.bin", back.toString()).status());
    assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(back)));
    assertEquals(0, shell("-cp", "/cli/in/local.bin", "/cli/copy.bin").status());
    assertEquals(0, shell("-mv", "/cli/copy.bin", "/cli/moved.bin").status());
    assertEquals(String.valueOf(data.length), shell("-stat", "%b", "/cli/moved.bin").out().trim());
    assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(data, data.length - 1024, data.length),
        shell("-tail", "/cli/moved.bin").raw()), "-tail prints the last KiB");
    Result du = shell("-du", "-s", "/cli");
    assertTrue(du.out().startsWith(String.valueOf(2L * data.length)), du.out());
    assertEquals(0, shell("-setrep", "-w", "2", "/cli/moved.bin").status());
    assertEquals("2", shell("-stat", "%r", "/cli/moved.bin").out().trim());
    Result rmDir = shell("-rm", "/cli/in");
    assertEquals("-rm: `/cli/in': Is a directory\n", rmDir.err());
    assertEquals(0, shell("-rm", "-r", "/cli/in").status());
    ByteArrayOutputStream fsck = new ByteArrayOutputStream();
    int rc = ToolRunner.run(new Configuration(cluster.conf()), new DFSck(new PrintStream(fsck, true)),
        new String[] {"/", "-files", "-blocks", "-locations"});
    String report = fsck.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, report);
    assertTrue(report.contains("Status: HEALTHY"), report);
    assertTrue(report.contains("The filesystem under path '/' is HEALTHY"), report);

    // The NameNode's /fsck page runs the same check: where every user may read all, its report is the command's.
    ByteArrayOutputStream cli = new ByteArrayOutputStream();
    assertEquals(0, ToolRunner.run(new Configuration(cluster.conf()), new DFSck(new PrintStream(cli, true)),
        new String[] {"/cli", "-files", "-blocks"}));
    java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + cluster.namenodeHttp() + "/fsck?path=/cli&files&blocks"))
            .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains(io.quern.http.Html.escape(cli.toString(StandardCharsets.UTF_8))), page.body());
    assertTrue(cli.toString(StandardCharsets.UTF_8).contains("/cli/moved.bin " + data.length + " bytes, "), cli.toString());
  }

  @Test
  void adminCommands() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true);
    PrintStream e = new PrintStream(err, true);
    assertEquals(0, DfsAdmin.run(cluster.conf(), new String[] {"-report"}, o, e));
    assertTrue(out.toString().contains("Live datanodes (3):"), out.toString());
    assertTrue(out.toString().contains("DFS Remaining:"));
    assertEquals(0, DfsAdmin.run(cluster.conf(), new String[] {"-safemode", "enter"}, o, e));
    assertTrue(out.toString().contains("Safe mode is ON"));
    assertEquals(0, DfsAdmin.run(cluster.conf(), new String[] {"-safemode", "leave"}, o, e));
    assertTrue(out.toString().contains("Safe mode is OFF"));
    assertEquals(1, DfsAdmin.run(cluster.conf(), new String[] {"-safemode", "sideways"}, o, e));
    assertEquals(1, DfsAdmin.run(cluster.conf(), new String[] {"-decommission", "10.9.9.9"}, o, e));
    assertTrue(err.toString().contains("no live DataNode on 10.9.9.9."), err.toString());
  }
}
