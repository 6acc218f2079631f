package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quern.conf.Configuration;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobConfCacheTest {
  private static byte[] xml(String name, String value) {
    return ("<?xml version=\"1.0\"?><configuration><property><name>" + name + "</name><value>" + value
        + "</value></property></configuration>").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aJobIsParsedOnceAndEachCallerGetsACopyItMayChange() {
    AtomicInteger bases = new AtomicInteger();
    JobConfCache cache = new JobConfCache(() -> {
      bases.incrementAndGet();
      Configuration c = new Configuration(false);
      c.set("site.key", "site");
      return c;
    }, 2);
    Configuration a = cache.of("job_1", xml("job.key", "one"));
    a.set("job.key", "changed by the first attempt");
    Configuration b = cache.of("job_1", xml("job.key", "one"));
    assertEquals("one", b.get("job.key"));
    assertEquals("site", b.get("site.key"));
    assertEquals(1, bases.get());
  }

  @Test
  void otherXmlUnderTheSameIdIsParsedAgainAndTheLeastRecentJobGoes() {
    AtomicInteger bases = new AtomicInteger();
    JobConfCache cache = new JobConfCache(() -> {
      bases.incrementAndGet();
      return new Configuration(false);
    }, 2);
    cache.of("job_1", xml("k", "1"));
    assertEquals("2", cache.of("job_1", xml("k", "2")).get("k"));
    cache.of("job_2", xml("k", "x"));
    cache.of("job_3", xml("k", "y"));
    assertEquals(4, bases.get());
    cache.of("job_3", xml("k", "y"));
    assertEquals(4, bases.get());
    cache.of("job_1", xml("k", "2")); // evicted by job_3
    assertEquals(5, bases.get());
    cache.forget("job_1");
    assertNull(cache.of("job_4", xml("other", "v")).get("k"));
  }
}
