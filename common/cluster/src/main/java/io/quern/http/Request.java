package io.quern.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A GET request to a status page: its path and query parameters (the first value of each). */
public record Request(String path, Map<String, String> params) {
  public Request {
    params = Map.copyOf(params);
  }

  static Request of(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.putIfAbsent(k, v);
      }
    }
    return new Request(uri.getPath(), params);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("malformed query parameter '" + s + "'");
    }
  }

  /** The parameter, or null when absent. */
  public String param(String name) {
    return params.get(name);
  }

  /** The parameter, or a 400 answer naming it when absent or empty. */
  public String require(String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      throw new BadRequestException("the parameter '" + name + "' is missing");
    }
    return v;
  }

  /** Whether the client asks for the page's data as JSON ({@code ?format=json}). */
  public boolean wantsJson() {
    return "json".equals(params.get("format"));
  }

  /** Whether a flag parameter is set ({@code &all=1}). */
  public boolean flag(String name) {
    String v = params.get(name);
    return v != null && (v.equals("1") || v.equals("true") || v.isEmpty());
  }
}
