package io.quern.conf;

/**
 * One configuration key: its name, and its default as declared in the {@code *-default.xml} files
 * (read once per JVM), so that neither is written twice. {@link #get} gives the value set in the
 * configuration, else the declared default; a key declared with an empty value has no default:
 * a string key then gives null, the other kinds fail naming the key unless the caller passes
 * the value to use when unset ({@code get(conf, ifUnset)}), which is for keys whose default is
 * computed (such as a number of cores).
 */
public abstract class ConfKey<T> {
  private final String name;

  protected ConfKey(String name) {
    this.name = name;
  }

  public final String name() {
    return name;
  }

  /** The value set in {@code conf}, else the declared default, else (see the class) null or an error. */
  public abstract T get(Configuration conf);

  public abstract void set(Configuration conf, T value);

  /** True when {@code conf} holds a non-blank value for this key (the declared defaults count). */
  public final boolean isSet(Configuration conf) {
    return conf.getTrimmed(name) != null;
  }

  public final void unset(Configuration conf) {
    conf.unset(name);
  }

  /** The default as written in {@code *-default.xml}, trimmed, or null when it declares none. */
  public final String declaredDefault() {
    String v = Defaults.defaultValue(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    return v.trim();
  }

  /**
   * The text to parse: the value set in {@code conf}, else the declared default (with its
   * {@code ${var}}s expanded against {@code conf}); null when neither.
   */
  final String text(Configuration conf) {
    String v = conf.getTrimmed(name);
    if (v != null) {
      return v;
    }
    String d = declaredDefault();
    return d == null ? null : conf.expand(name, d);
  }

  /** A configuration that holds the declared default, so that its parse errors name where it came from. */
  final Configuration defaultsOnly(Configuration conf) {
    String v = conf.getTrimmed(name);
    if (v != null) {
      return conf;
    }
    String d = declaredDefault();
    if (d == null) {
      return null;
    }
    Configuration only = new Configuration(false);
    only.set(name, conf.expand(name, d), "the default in " + Defaults.sourceOf(name));
    return only;
  }

  final ConfigurationException noValue() {
    return new ConfigurationException("Configuration key " + name + " has no value and no default");
  }

  @Override
  public String toString() {
    return name;
  }
}
