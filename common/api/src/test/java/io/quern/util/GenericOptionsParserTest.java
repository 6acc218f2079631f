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
}
