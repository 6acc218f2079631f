package io.quern.cluster;

import io.quern.net.HostPort;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a daemon publishes about itself in its ephemeral znode: who it is, where its RMI
 * endpoint is, its rack, and free-form attributes (resources, slots, state). Encoded as
 * plain {@code key=value} lines so that an operator can read it with zkCli.
 */
public record NodeInfo(String id, Role role, HostPort endpoint, String rack, Map<String, String> attributes) {
  public NodeInfo {
    if (id == null || id.isBlank() || id.contains("/")) {
      throw new IllegalArgumentException("node id must be non-empty without '/': " + id);
    }
    for (String key : attributes.keySet()) {
      if (!key.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("attribute key must be letters, digits, '.', '_' or '-': " + key);
      }
    }
    attributes = Map.copyOf(attributes);
  }

  public String host() {
    return endpoint.host();
  }

  public int port() {
    return endpoint.port();
  }

  public String attribute(String key, String defaultValue) {
    return attributes.getOrDefault(key, defaultValue);
  }

  public long longAttribute(String key, long defaultValue) {
    String v = attributes.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }

  public NodeInfo withAttributes(Map<String, String> changed) {
    Map<String, String> merged = new TreeMap<>(attributes);
    merged.putAll(changed);
    return new NodeInfo(id, role, endpoint, rack, merged);
  }

  public byte[] encode() {
    StringBuilder b = new StringBuilder();
    b.append("id=").append(escape(id)).append('\n');
    b.append("role=").append(role.label()).append('\n');
    b.append("endpoint=").append(escape(endpoint.toString())).append('\n');
    b.append("rack=").append(escape(rack)).append('\n');
    for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
      b.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A value as {@link Properties#load} reads it back: line breaks become spaces (one value, one
   * line, so that no value can start another key), backslashes and leading blanks are escaped.
   */
  private static String escape(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n', '\r' -> b.append(i == 0 ? "\\ " : " ");
        case ' ', '\t', '\f' -> b.append(i == 0 ? "\\" : "").append(c);
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Parses {@link #encode()}'s output; throws IllegalArgumentException on garbage. */
  public static NodeInfo decode(byte[] data) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable node data: " + e.getMessage());
    }
    String id = p.getProperty("id");
    String role = p.getProperty("role");
    String endpoint = p.getProperty("endpoint");
    String rack = p.getProperty("rack", "/default-rack");
    if (id == null || role == null || endpoint == null) {
      throw new IllegalArgumentException("node data lacks id, role or endpoint");
    }
    Map<String, String> attrs = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (!k.equals("id") && !k.equals("role") && !k.equals("endpoint") && !k.equals("rack")) {
        attrs.put(k, p.getProperty(k));
      }
    }
    return new NodeInfo(id, Role.parse(role), HostPort.parse(endpoint), rack, attrs);
  }
}
