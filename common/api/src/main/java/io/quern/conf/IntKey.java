package io.quern.conf;

/** A key whose value is a int; see {@link ConfKey} for a key declared without a default. */
public final class IntKey extends ConfKey<Integer> {
  public IntKey(String name) {
    super(name);
  }

  @Override
  public Integer get(Configuration conf) {
    return getInt(conf);
  }

  public int getInt(Configuration conf) {
    Configuration c = defaultsOnly(conf);
    if (c == null) {
      throw noValue();
    }
    return c.getInt(name(), 0);
  }

  /** The value, or {@code ifUnset} when neither the configuration nor the defaults give one. */
  public int get(Configuration conf, int ifUnset) {
    Configuration c = defaultsOnly(conf);
    return c == null ? ifUnset : c.getInt(name(), ifUnset);
  }

  @Override
  public void set(Configuration conf, Integer value) {
    conf.setInt(name(), value);
  }
}
