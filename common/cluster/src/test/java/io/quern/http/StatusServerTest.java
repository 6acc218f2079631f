package io.quern.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.net.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusServerTest {
  record Row(String name, int count, List<String> tags) {}

  private static HttpResponse<String> get(HostPort at, String path, String method) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + at + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesPagesJsonAndOneSentenceErrors() throws Exception {
    try (StatusServer s = new StatusServer("test", new HostPort("127.0.0.1", 0))) {
      s.page("/", r -> {
        Row row = new Row(r.param("name"), 2, List.of("a", "b"));
        return Response.of(r, row, () -> new Html("Hello").p("name: ", row.name()).finish());
      });
      s.page("/need", r -> Response.text(r.require("id")));
      s.page("/missing", r -> {
        throw new NotFoundException("no such thing");
      });
      s.page("/broken", r -> {
        throw new IllegalStateException("boom");
      });
      s.start();
      HostPort at = s.endpoint();
      assertTrue(at.port() > 0);

      HttpResponse<String> page = get(at, "/?name=%3Cscript%3Ealert(1)%3C/script%3E", "GET");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("name: &lt;script&gt;alert(1)&lt;/script&gt;"), page.body());
      assertFalse(page.body().contains("<script>"), page.body());
      assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));

      HttpResponse<String> json = get(at, "/?name=x%22y&format=json", "GET");
      assertEquals("{\"name\":\"x\\\"y\",\"count\":2,\"tags\":[\"a\",\"b\"]}", json.body());
      assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

      assertEquals(400, get(at, "/need", "GET").statusCode());
      assertEquals("the parameter 'id' is missing\n", get(at, "/need", "GET").body());
      assertEquals("7", get(at, "/need?id=7", "GET").body());
      assertEquals(404, get(at, "/missing", "GET").statusCode());
      assertEquals(404, get(at, "/nowhere", "GET").statusCode());
      assertEquals(500, get(at, "/broken", "GET").statusCode());
      assertEquals(405, get(at, "/", "POST").statusCode());
      assertEquals(200, get(at, "/", "HEAD").statusCode());
      // The server goes on serving after all of that.
      assertEquals(200, get(at, "/?name=again", "GET").statusCode());
    }
  }

  @Test
  void jsonEscapesAndWritesNestedValues() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("a", java.util.Arrays.asList(1, 2.5, Double.NaN, true));
    m.put("b", "</x>\n");
    m.put("c", null);
    assertEquals("{\"a\":[1,2.5,null,true],\"b\":\"\\u003c/x\\u003e\\n\",\"c\":null}", Json.write(m));
  }

  @Test
  void htmlEscapesTextAndUrlsEncodeParameters() {
    assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Html.escape("<a href=\"x\">&'"));
    assertEquals("/job?id=a%26b+c", Html.url("/job", "id", "a&b c"));
    assertEquals("<a href=\"/job?id=1&amp;x=2\">j&lt;1&gt;</a>", Html.link("/job?id=1&x=2", "j<1>").markup());
    assertEquals("1.5 KiB", Html.bytes(1536));
    assertEquals("2m 5s", Html.duration(125_000));
  }

  @Test
  void metricsAreInTheTextFormatWithJvmFamilies() throws Exception {
    DaemonMetrics m = new DaemonMetrics();
    io.prometheus.metrics.core.metrics.Counter.builder().name("quern_test_events_total").help("events")
        .labelNames("kind").register(m.registry()).labelValues("a").inc(3);
    PrometheusText p = PrometheusText.parse(m.scrape());
    assertEquals(3.0, p.value("quern_test_events_total", "kind=\"a\""));
    assertEquals("counter", p.types.get("quern_test_events_total"));
    assertTrue(p.value("jvm_memory_used_bytes", "area=\"heap\"") > 0);
    assertTrue(p.types.containsKey("jvm_gc_collection_seconds"), p.types.keySet().toString());
  }
}
