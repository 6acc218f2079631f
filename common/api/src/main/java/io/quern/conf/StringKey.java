package io.quern.conf;

import java.util.List;

/** A string-valued key; unset and without a declared default it gives null. */
public final class StringKey extends ConfKey<String> {
  public StringKey(String name) {
    super(name);
  }

  @Override
  public String get(Configuration conf) {
    return text(conf);
  }

  /** The value, or {@code ifUnset} when neither the configuration nor the defaults give one. */
  public String get(Configuration conf, String ifUnset) {
    String v = text(conf);
    return v == null ? ifUnset : v;
  }

  /** Comma-separated values, trimmed, empty ones dropped; empty when unset. */
  public List<String> getList(Configuration conf) {
    String v = text(conf);
    if (v == null) {
      return List.of();
    }
    Configuration one = new Configuration(false);
    one.set(name(), v);
    return one.getTrimmedStringCollection(name());
  }

  @Override
  public void set(Configuration conf, String value) {
    conf.set(name(), value);
  }

  /** Sets the value, naming where it came from (an option, a file) for error messages. */
  public void set(Configuration conf, String value, String source) {
    conf.set(name(), value, source);
  }
}
