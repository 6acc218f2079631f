package io.quern.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.net.HostPort;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {
  @TempDir Path dir;

  private static String xml(String body) {
    return "<?xml version=\"1.0\"?>\n<configuration>\n" + body + "</configuration>\n";
  }

  private static String prop(String name, String value) {
    return "  <property><name>" + name + "</name><value>" + value + "</value></property>\n";
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void defaultsComeFromTheClassPath() {
    Configuration conf = new Configuration();
    assertEquals("/tmp/quern-" + System.getProperty("user.name"), conf.get("quern.tmp.dir"));
    assertEquals(10_000, conf.getTimeDuration("quern.zookeeper.session.timeout", 0, TimeUnit.MILLISECONDS));
    assertEquals(new HostPort("127.0.0.1", 2181), HostPort.parse(conf.get("quern.zookeeper.quorum")));
  }

  @Test
  void everyDefaultHasADescription() throws Exception {
    for (String res : Configuration.DEFAULT_RESOURCES) {
      var url = getClass().getClassLoader().getResource(res);
      if (url == null) {
        continue;
      }
      String text = new String(url.openStream().readAllBytes(), StandardCharsets.UTF_8);
      int properties = text.split("<property>", -1).length - 1;
      int descriptions = text.split("<description>", -1).length - 1;
      assertEquals(properties, descriptions, res + " has a property without a description");
    }
  }

  @Test
  void siteFileOverridesDefaultAndExpandsVariables() throws Exception {
    Configuration conf = new Configuration();
    conf.addResource(write("core-site.xml", xml(prop("quern.tmp.dir", "/data/${user.name}/q")
        + prop("my.dir", "${quern.tmp.dir}/mine"))));
    assertEquals("/data/" + System.getProperty("user.name") + "/q/mine", conf.get("my.dir"));
    assertEquals("/data/" + System.getProperty("user.name") + "/q/logs", conf.get("quern.log.dir"));
  }

  @Test
  void finalPropertyIsNotOverriddenByALaterFile() throws Exception {
    Configuration conf = new Configuration(false);
    conf.addResource(write("a.xml", xml("<property><name>k</name><value>1</value><final>true</final></property>")));
    conf.addResource(write("b.xml", xml(prop("k", "2"))));
    assertEquals("1", conf.get("k"));
  }

  @Test
  void typedGetters() {
    Configuration conf = new Configuration(false);
    conf.set("size", "64m");
    conf.set("size2", "1.5g");
    conf.set("dur", "30s");
    conf.set("dur2", "250ms");
    conf.set("bare", "7");
    conf.set("list", " a, b ,,c ");
    conf.set("flag", "TRUE");
    conf.set("hp", "host.example:9000");
    assertEquals(64L << 20, conf.getSize("size", 0));
    assertEquals(3L << 29, conf.getSize("size2", 0));
    assertEquals(30_000, conf.getTimeDuration("dur", 0, TimeUnit.MILLISECONDS));
    assertEquals(250, conf.getTimeDuration("dur2", 0, TimeUnit.MILLISECONDS));
    assertEquals(7_000, conf.getTimeDuration("bare", 0, TimeUnit.SECONDS) * 1000);
    assertEquals(java.util.List.of("a", "b", "c"), conf.getTrimmedStringCollection("list"));
    assertTrue(conf.getBoolean("flag", false));
    assertEquals(new HostPort("host.example", 9000), conf.getHostPort("hp", null));
    assertEquals(5, conf.getInt("missing", 5));
    assertNull(conf.get("missing"));
  }

  @Test
  void badValueNamesKeyValueAndFile() throws Exception {
    Configuration conf = new Configuration(false);
    Path site = write("dfs-site.xml", xml(prop("dfs.replication", "three")));
    conf.addResource(site);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> conf.getInt("dfs.replication", 3));
    assertTrue(e.getMessage().contains("dfs.replication"), e.getMessage());
    assertTrue(e.getMessage().contains("'three'"), e.getMessage());
    assertTrue(e.getMessage().contains(site.toString()), e.getMessage());
    conf.set("d", "ten seconds");
    assertThrows(ConfigurationException.class, () -> conf.getTimeDuration("d", 0, TimeUnit.SECONDS));
    conf.set("s", "12q");
    assertThrows(ConfigurationException.class, () -> conf.getSize("s", 0));
    conf.set("b", "yes");
    assertThrows(ConfigurationException.class, () -> conf.getBoolean("b", false));
    conf.set("hp", "nohost");
    assertThrows(ConfigurationException.class, () -> conf.getHostPort("hp", null));
  }

  @Test
  void malformedXmlNamesFileAndLine() throws Exception {
    Path bad = write("core-site.xml", "<?xml version=\"1.0\"?>\n<configuration>\n<property><name>a</name>\n<value>1</valu>\n</property></configuration>");
    Configuration conf = new Configuration(false);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> conf.addResource(bad));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 4"), e.getMessage());
  }

  @Test
  void doctypeIsRefused() throws Exception {
    Path evil = write("core-site.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
        + "<configuration><property><name>a</name><value>&e;</value></property></configuration>");
    assertThrows(ConfigurationException.class, () -> new Configuration(false).addResource(evil));
  }

  @Test
  void wrongStructureIsRefused() throws Exception {
    assertThrows(ConfigurationException.class,
        () -> new Configuration(false).addResource(write("x.xml", "<conf><property/></conf>")));
    assertThrows(ConfigurationException.class,
        () -> new Configuration(false).addResource(write("y.xml", xml("<property><value>1</value></property>"))));
  }

  @Test
  void cyclicExpansionFails() {
    Configuration conf = new Configuration(false);
    conf.set("a", "${b}");
    conf.set("b", "${a}");
    assertThrows(ConfigurationException.class, () -> conf.get("a"));
  }

  @Test
  void nearestKnownKeySuggestsTypoFix() {
    assertEquals("quern.zookeeper.quorum", Defaults.nearestKnown("quern.zookeper.quorum"));
    assertNull(Defaults.nearestKnown("completely.unrelated.setting.name.here"));
  }

  @Test
  void xmlRoundTrip() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("a", "x<y&z");
    conf.set("b", "${a}!");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    conf.writeXml(out);
    Configuration back = new Configuration(false);
    back.addResource(new ByteArrayInputStream(out.toByteArray()), "job.xml");
    assertEquals("x<y&z", back.get("a"));
    assertEquals("x<y&z!", back.get("b"));
    assertFalse(back.getSource("a").isEmpty());
  }
}
