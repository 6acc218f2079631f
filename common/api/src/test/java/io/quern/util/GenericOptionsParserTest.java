package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void filesAreShippedAsLocalUrisAndRefusedWhenMissingOrClashing(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path a = Files.writeString(dir.resolve("a.py"), "print(1)\n");
    Files.createDirectories(dir.resolve("sub"));
    java.nio.file.Path b = Files.writeString(dir.resolve("sub/b.txt"), "b\n");
    Configuration conf = new Configuration(false);
    String[] rest = new GenericOptionsParser(conf, new String[] {"-files", a + "," + b, "in"}).getRemainingArgs();
    assertEquals("file:" + a + ",file:" + b, conf.get("tmpfiles"));
    assertArrayEquals(new String[] {"in"}, rest);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new GenericOptionsParser(new Configuration(false), new String[] {"-files", dir + "/nope.py"}));
    assertEquals("cannot ship " + dir + "/nope.py with the job: no such readable file", missing.getMessage());
    java.nio.file.Path clash = Files.writeString(dir.resolve("sub/a.py"), "print(2)\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GenericOptionsParser.addShipFiles(conf, clash.toString()));
    assertEquals("cannot ship both " + a + " and " + clash + " with the job: both would be a.py in the task's "
        + "working directory", e.getMessage());
    // A #name tells them apart.
    GenericOptionsParser.addShipFiles(conf, clash + "#other.py");
    assertEquals("file:" + a + ",file:" + b + ",file:" + clash + "#other.py", conf.get("tmpfiles"));
  }

  @Test
  void filesArchivesAndLibjarsTakeLinkNamesAndDfsUris(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path skip = Files.writeString(dir.resolve("patterns.txt"), "the\n");
    java.nio.file.Path dict = Files.write(dir.resolve("dict.tgz"), new byte[] {1});
    java.nio.file.Path jar = Files.write(dir.resolve("lib.jar"), new byte[] {1});
    Configuration conf = new Configuration(false);
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    String[] rest;
    try {
      rest = new GenericOptionsParser(conf, new String[] {
          "-files", skip + "#skip.txt,qfs://nn/user/u/big.txt#big",
          "-archives", dict + "#dict,hdfs:///shared/tools.zip",
          "-libjars", jar.toString(), "-D", "k=v", "wordcount2", "in", "out"}).getRemainingArgs();
      // The client sees the jars' classes too, as Hadoop's does.
      assertTrue(conf.getClassLoader() instanceof java.net.URLClassLoader);
      assertArrayEquals(new java.net.URL[] {jar.toUri().toURL()},
          ((java.net.URLClassLoader) conf.getClassLoader()).getURLs());
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
    assertArrayEquals(new String[] {"wordcount2", "in", "out"}, rest);
    assertEquals("file:" + skip + "#skip.txt,qfs://nn/user/u/big.txt#big", conf.get("tmpfiles"));
    assertEquals("file:" + dict + "#dict,hdfs:/shared/tools.zip", conf.get("tmparchives"));
    assertEquals("file:" + jar, conf.get("tmpjars"));
    assertEquals("v", conf.get("k"));
  }

  @Test
  void badArchivesAndLinkNamesAreOneSentence(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path notAnArchive = Files.writeString(dir.resolve("notes.txt"), "x\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GenericOptionsParser(new Configuration(false), new String[] {"-archives", notAnArchive.toString()}));
    assertEquals("cannot use " + notAnArchive + " as an archive: its name ends in none of .zip, .jar, .tar, .tar.gz,"
        + " .tgz", e.getMessage());
    for (String name : new String[] {"..", "a/b", "."}) {
      IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
          () -> new GenericOptionsParser(new Configuration(false), new String[] {"-files", notAnArchive + "#" + name}));
      assertTrue(bad.getMessage().contains("a link name must be one path component"), bad.getMessage());
    }
    IllegalArgumentException dfs = assertThrows(IllegalArgumentException.class,
        () -> new GenericOptionsParser(new Configuration(false), new String[] {"-files", "qfs:///a/x#../../etc"}));
    assertTrue(dfs.getMessage().contains("would be linked as '../../etc'"), dfs.getMessage());
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
