package io.quern.http;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Builds one status page: a title, a navigation bar, headings, paragraphs, tables and bars.
 * Every string given is escaped; only {@link Fragment}s (made here, or escaped by the caller
 * through {@link #escape}) go in as they are, so that a job name or a path a user chose cannot
 * put markup into the page.
 */
public final class Html {
  /** Markup already escaped: a link, a bar, an SVG chart. */
  public record Fragment(String markup) {
    @Override
    public String toString() {
      return markup;
    }
  }

  private static final String STYLE = """
      body{font-family:sans-serif;margin:1em 2em;color:#222}
      nav{background:#234;padding:.4em .8em;margin:-1em -2em 1em}
      nav a{color:#fff;margin-right:1.2em;text-decoration:none}
      h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.4em}
      table{border-collapse:collapse;margin:.4em 0}
      th,td{border:1px solid #bbb;padding:.2em .6em;text-align:left;font-size:.9em}
      th{background:#eee}td.num{text-align:right}
      .bar{display:inline-block;width:12em;height:.9em;background:#ddd;vertical-align:middle}
      .bar span{display:block;height:100%;background:#4a7}
      .ok{color:#272}.warn{color:#a40}.err{color:#b00}pre{background:#f6f6f6;padding:.5em;overflow-x:auto}
      """;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneId.systemDefault());

  /** Confined: a page is built on the one thread serving it. Not thread-safe. */
  private final StringBuilder b = new StringBuilder();

  /** Starts a page titled {@code title} with the daemon's links ({@code label, href} pairs). */
  public Html(String title, String... nav) {
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
        .append("</title><style>").append(STYLE).append("</style></head><body><nav>");
    for (int i = 0; i + 1 < nav.length; i += 2) {
      b.append(link(nav[i + 1], nav[i]));
    }
    b.append("</nav><h1>").append(escape(title)).append("</h1>\n");
  }

  public Html h2(String text) {
    b.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /** A paragraph of the given parts: strings are escaped, fragments kept. */
  public Html p(Object... parts) {
    b.append("<p>");
    for (Object o : parts) {
      b.append(cell(o));
    }
    b.append("</p>\n");
    return this;
  }

  /** A two-column table of label and value, {@code label, value} pairs. */
  public Html facts(Object... pairs) {
    b.append("<table class=\"facts\">");
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      b.append("<tr><th>").append(cell(pairs[i])).append("</th><td>").append(cell(pairs[i + 1]))
          .append("</td></tr>");
    }
    b.append("</table>\n");
    return this;
  }

  /** A table with a header row; numbers are right-aligned. An empty table says "none". */
  public Html table(List<String> headers, List<List<Object>> rows) {
    if (rows.isEmpty()) {
      b.append("<p><i>none</i></p>\n");
      return this;
    }
    b.append("<table><tr>");
    for (String h : headers) {
      b.append("<th>").append(escape(h)).append("</th>");
    }
    b.append("</tr>\n");
    for (List<Object> row : rows) {
      b.append("<tr>");
      for (Object c : row) {
        b.append(c instanceof Number ? "<td class=\"num\">" : "<td>").append(cell(c)).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
    return this;
  }

  public Html pre(String text) {
    b.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  public Html raw(Fragment f) {
    b.append(f.markup()).append('\n');
    return this;
  }

  public String finish() {
    return b.append("</body></html>\n").toString();
  }

  // ---- fragments

  public static Fragment link(String href, String text) {
    return new Fragment("<a href=\"" + escape(href) + "\">" + escape(text) + "</a>");
  }

  /** A page address with query parameters ({@code key, value} pairs), each value URL-encoded. */
  public static String url(String path, String... params) {
    StringBuilder u = new StringBuilder(path);
    for (int i = 0; i + 1 < params.length; i += 2) {
      u.append(i == 0 ? '?' : '&').append(params[i]).append('=')
          .append(java.net.URLEncoder.encode(params[i + 1], java.nio.charset.StandardCharsets.UTF_8));
    }
    return u.toString();
  }

  /** A horizontal bar filled to {@code fraction} (0..1), with the percentage beside it. */
  public static Fragment bar(double fraction) {
    double f = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
    return new Fragment(String.format("<span class=\"bar\"><span style=\"width:%.1f%%\"></span></span> %.1f%%",
        f * 100, f * 100));
  }

  public static Fragment span(String cssClass, String text) {
    return new Fragment("<span class=\"" + escape(cssClass) + "\">" + escape(text) + "</span>");
  }

  /** A time of day as the daemon's host sees it; "-" for none (0 or negative). */
  public static String time(long millis) {
    return millis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(millis));
  }

  /** A duration as {@code 1h 2m 3s}, {@code 2m 3s} or {@code 3.4s}. */
  public static String duration(long millis) {
    if (millis < 0) {
      return "-";
    }
    long s = millis / 1000;
    if (s < 60) {
      return String.format("%.1fs", millis / 1000.0);
    }
    return s >= 3600 ? String.format("%dh %dm %ds", s / 3600, s / 60 % 60, s % 60)
        : String.format("%dm %ds", s / 60, s % 60);
  }

  /** Bytes in binary units: {@code 1.5 GiB}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }

  public static String percent(double fraction) {
    return String.format("%.1f%%", (Double.isFinite(fraction) ? fraction : 0) * 100);
  }

  private static String cell(Object o) {
    if (o == null) {
      return "";
    }
    return o instanceof Fragment f ? f.markup() : escape(o.toString());
  }

  /** Escapes text for an HTML element or a quoted attribute. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
