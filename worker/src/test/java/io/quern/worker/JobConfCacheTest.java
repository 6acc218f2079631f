package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import io.quern.security.SecretFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobConfCacheTest {
  /** A job's configuration as the master sends it: Configuration.write's bytes. */
  private static byte[] conf(String name, String value) {
    Configuration c = new Configuration(false);
    c.set(name, value);
    return c.toBytes();
  }

  @Test
  void aJobIsReadOnceAndEachCallerGetsACopyItMayChange() {
    AtomicInteger bases = new AtomicInteger();
    JobConfCache cache = new JobConfCache(() -> {
      bases.incrementAndGet();
      Configuration c = new Configuration(false);
      c.set("site.key", "site");
      return c;
    }, 2);
    Configuration a = cache.of("job_1", conf("job.key", "one"));
    a.set("job.key", "changed by the first attempt");
    Configuration b = cache.of("job_1", conf("job.key", "one"));
    assertEquals("one", b.get("job.key"));
    assertEquals("site", b.get("site.key"));
    assertEquals(1, bases.get());
  }

  @Test
  void otherBytesUnderTheSameIdAreReadAgainAndTheLeastRecentJobGoes() {
    AtomicInteger bases = new AtomicInteger();
    JobConfCache cache = new JobConfCache(() -> {
      bases.incrementAndGet();
      return new Configuration(false);
    }, 2);
    cache.of("job_1", conf("k", "1"));
    assertEquals("2", cache.of("job_1", conf("k", "2")).get("k"));
    cache.of("job_2", conf("k", "x"));
    cache.of("job_3", conf("k", "y"));
    assertEquals(4, bases.get());
    cache.of("job_3", conf("k", "y"));
    assertEquals(4, bases.get());
    cache.of("job_1", conf("k", "2")); // evicted by job_3
    assertEquals(5, bases.get());
    cache.forget("job_1");
    assertNull(cache.of("job_4", conf("other", "v")).get("k"));
    assertEquals("base only", new JobConfCache(() -> {
      Configuration c = new Configuration(false);
      c.set("k", "base only");
      return c;
    }, 1).of("job_5", null).get("k"));
  }

  /**
   * The whole path of a job's configuration: the client's XML (every default, the secret file's
   * key emptied), the master's one parse and binary form, the worker's site laid under it.
   */
  @Test
  void aClientsXmlThroughTheMastersBinaryFormReadsAsTheXmlDidOverTheWorkersSite() throws Exception {
    Configuration client = new Configuration();
    client.set("mapreduce.job.name", "word count");
    client.set(SecretFile.KEY, "");
    java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
    client.writeXml(xml);
    Configuration master = new Configuration(false);
    master.addResource(new ByteArrayInputStream(xml.toByteArray()), "job.xml");
    java.util.function.Supplier<Configuration> site = () -> {
      Configuration c = new Configuration();
      c.set(SecretFile.KEY, "/etc/quern/secret");
      return c;
    };
    Configuration viaXml = site.get();
    viaXml.addResource(new ByteArrayInputStream(xml.toByteArray()), "job.xml");
    Configuration viaBytes = new JobConfCache(site, 1).of("job_1", master.toBytes());
    assertEquals("", viaBytes.get(SecretFile.KEY));
    assertEquals("word count", viaBytes.get("mapreduce.job.name"));
    assertEquals(viaXml.size(), viaBytes.size());
    for (var e : viaXml) {
      assertEquals(e.getValue(), viaBytes.get(e.getKey()), e.getKey());
    }
  }

  @Test
  void bytesThatAreNoConfigurationFailWithOneSentence() {
    JobConfCache cache = new JobConfCache(() -> new Configuration(false), 2);
    byte[] xml = "<?xml version=\"1.0\"?><configuration/>".getBytes(StandardCharsets.UTF_8);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> cache.of("job_1", xml));
    assertTrue(e.getMessage().startsWith("job_1 configuration is not a readable configuration: it "), e.getMessage());
    byte[] cut = Arrays.copyOf(conf("k", "v"), 3);
    assertThrows(ConfigurationException.class, () -> cache.of("job_1", cut));
  }
}
