package io.quern.conf;

/** A key whose value is a long; see {@link ConfKey} for a key declared without a default. */
public final class LongKey extends ConfKey<Long> {
  public LongKey(String name) {
    super(name);
  }

  @Override
  public Long get(Configuration conf) {
    return getLong(conf);
  }

  public long getLong(Configuration conf) {
    Configuration c = defaultsOnly(conf);
    if (c == null) {
      throw noValue();
    }
    return c.getLong(name(), 0);
  }

  /** The value, or {@code ifUnset} when neither the configuration nor the defaults give one. */
  public long get(Configuration conf, long ifUnset) {
    Configuration c = defaultsOnly(conf);
    return c == null ? ifUnset : c.getLong(name(), ifUnset);
  }

  @Override
  public void set(Configuration conf, Long value) {
    conf.setLong(name(), value);
  }
}
