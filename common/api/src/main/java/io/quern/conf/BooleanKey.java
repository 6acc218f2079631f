package io.quern.conf;

/** A key whose value is a boolean; see {@link ConfKey} for a key declared without a default. */
public final class BooleanKey extends ConfKey<Boolean> {
  public BooleanKey(String name) {
    super(name);
  }

  @Override
  public Boolean get(Configuration conf) {
    return getBoolean(conf);
  }

  public boolean getBoolean(Configuration conf) {
    Configuration c = defaultsOnly(conf);
    if (c == null) {
      throw noValue();
    }
    return c.getBoolean(name(), false);
  }

  /** The value, or {@code ifUnset} when neither the configuration nor the defaults give one. */
  public boolean get(Configuration conf, boolean ifUnset) {
    Configuration c = defaultsOnly(conf);
    return c == null ? ifUnset : c.getBoolean(name(), ifUnset);
  }

  @Override
  public void set(Configuration conf, Boolean value) {
    conf.setBoolean(name(), value);
  }
}
