package io.quern.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConfKeyTest {
  @Test
  void aKeyGivesTheDeclaredDefaultEvenToAConfigurationWithoutDefaults() {
    Configuration empty = new Configuration(false);
    assertEquals(3, new IntKey("dfs.replication").getInt(empty));
    assertEquals(64L << 20, new SizeKey("dfs.block.size").getBytes(empty));
    assertEquals(200, new DurationKey("quern.zookeeper.retry.base", TimeUnit.MILLISECONDS).millis(empty));
    assertEquals("3", new IntKey("dfs.replication").declaredDefault());
  }

  @Test
  void aValueSetWinsOverTheDefaultAndReadsBackThroughTheKey() {
    Configuration conf = new Configuration(false);
    IntKey rep = new IntKey("dfs.replication");
    rep.set(conf, 2);
    assertEquals(2, rep.getInt(conf));
    assertEquals("2", conf.get("dfs.replication"));
    DurationKey wait = new DurationKey("quern.zookeeper.retry.base", TimeUnit.MILLISECONDS);
    wait.set(conf, Duration.ofSeconds(2));
    assertEquals(2000, wait.millis(conf));
    conf.set(wait.name(), "1500");
    assertEquals(Duration.ofMillis(1500), wait.get(conf), "a bare number is in the key's unit");
  }

  @Test
  void aStringDefaultIsExpandedAgainstTheConfiguration() {
    Configuration conf = new Configuration(false);
    conf.set("quern.tmp.dir", "/data/q");
    assertEquals("/data/q/logs", new StringKey("quern.log.dir").get(conf));
  }

  @Test
  void aKeyDeclaredEmptyHasNoDefault() {
    Configuration conf = new Configuration(false);
    StringKey table = new StringKey("net.topology.table.file.name");
    assertNull(table.get(conf));
    assertEquals("x", table.get(conf, "x"));
    assertEquals(List.of(), table.getList(conf));
    IntKey slots = new IntKey("mapred.tasktracker.map.tasks.maximum");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> slots.getInt(conf));
    assertTrue(e.getMessage().contains("mapred.tasktracker.map.tasks.maximum"), e.getMessage());
    assertEquals(5, slots.get(conf, 5));
  }

  @Test
  void aBadValueFailsNamingKeyValueAndSource() {
    Configuration conf = new Configuration(false);
    conf.set("dfs.replication", "three", "dfs-site.xml");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new IntKey("dfs.replication").getInt(conf));
    assertTrue(e.getMessage().contains("'three'") && e.getMessage().contains("dfs-site.xml"), e.getMessage());
  }
}
