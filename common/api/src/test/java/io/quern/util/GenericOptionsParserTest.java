package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.conf.Configuration;
import org.junit.jupiter.api.Test;

class GenericOptionsParserTest {
  @Test
  void definesBeforeTheCommandOptions() {
    Configuration conf = new Configuration(false);
    String[] rest = new GenericOptionsParser(conf,
        new String[] {"-D", "dfs.replication=2", "-Dx.y=a=b", "-put", "-D", "local", "dst"}).getRemainingArgs();
    assertEquals("2", conf.get("dfs.replication"));
    assertEquals("a=b", conf.get("x.y"));
    assertEquals("-D option", conf.getSource("x.y"));
    assertArrayEquals(new String[] {"-put", "-D", "local", "dst"}, rest);
  }

  @Test
  void jtLocalSelectsLocalMode() {
    Configuration conf = new Configuration(false);
    new GenericOptionsParser(conf, new String[] {"-jt", "local", "in", "out"});
    assertEquals("local", conf.get("mapreduce.framework.name"));
  }

  @Test
  void jtWithAnAddressSelectsTheCluster() {
    Configuration conf = new Configuration(false);
    conf.set("mapreduce.framework.name", "local");
    new GenericOptionsParser(conf, new String[] {"-jt", "jobtracker.example.com:8021", "in", "out"});
    assertEquals("cluster", conf.get("mapreduce.framework.name"), "a name the job runners know");
  }

  @Test
  void badDefineIsOneClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GenericOptionsParser(new Configuration(false), new String[] {"-D", "novalue"}));
    assertEquals("-D expects key=value, got 'novalue'", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new GenericOptionsParser(new Configuration(false), new String[] {"-D"}));
  }

  @Test
  void toolRunnerPassesTheRest() throws Exception {
    class Echo extends io.quern.conf.Configured implements Tool {
      String[] seen;

      @Override
      public int run(String[] args) {
        seen = args;
        return getConf().getInt("n", 0);
      }
    }
    Echo tool = new Echo();
    assertEquals(7, ToolRunner.run(new Configuration(false), tool, new String[] {"-D", "n=7", "a"}));
    assertArrayEquals(new String[] {"a"}, tool.seen);
  }

  @Test
  void filesAreShippedAsAbsolutePathsAndRefusedWhenMissingOrClashing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path a = java.nio.file.Files.writeString(dir.resolve("a.py"), "print(1)\n");
    java.nio.file.Files.createDirectories(dir.resolve("sub"));
    java.nio.file.Path b = java.nio.file.Files.writeString(dir.resolve("sub/b.txt"), "b\n");
    Configuration conf = new Configuration(false);
    String[] rest = new GenericOptionsParser(conf, new String[] {"-files", a + "," + b, "in"}).getRemainingArgs();
    assertEquals(a + "," + b, conf.get("tmpfiles"));
    assertArrayEquals(new String[] {"in"}, rest);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new GenericOptionsParser(new Configuration(false), new String[] {"-files", dir + "/nope.py"}));
    assertEquals("cannot ship " + dir + "/nope.py with the job: no such readable file", missing.getMessage());
    java.nio.file.Path clash = java.nio.file.Files.writeString(dir.resolve("sub/a.py"), "print(2)\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GenericOptionsParser.addShipFiles(conf, clash.toString()));
    assertEquals("cannot ship both " + a + " and " + clash + " with the job: both would be a.py in the task's "
        + "working directory", e.getMessage());
  }

  @Test
  void theUsageListsOnlyOptionsTheParserTakes() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ToolRunner.printGenericCommandUsage(new java.io.PrintStream(bytes, true, "UTF-8"));
    java.util.List<String> options = new java.util.ArrayList<>();
    for (String line : bytes.toString("UTF-8").split("\n")) {
      if (line.startsWith("-")) {
        options.add(line.split(" ")[0]);
      }
    }
    assertEquals(java.util.List.of("-conf", "-D", "-fs", "-jt", "-files"), options);
    java.nio.file.Path conf = java.nio.file.Files.createTempFile("usage", ".xml");
    java.nio.file.Path shipped = java.nio.file.Files.createTempFile("usage", ".txt");
    try {
      java.nio.file.Files.writeString(conf, "<configuration></configuration>");
      String[] args = {"-conf", conf.toString(), "-D", "a=b", "-fs", "file:///", "-jt", "local",
          "-files", shipped.toString(), "rest"};
      assertArrayEquals(new String[] {"rest"}, new GenericOptionsParser(new Configuration(false), args)
          .getRemainingArgs());
    } finally {
      java.nio.file.Files.delete(conf);
      java.nio.file.Files.delete(shipped);
    }
  }
}
