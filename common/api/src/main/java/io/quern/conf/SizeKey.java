package io.quern.conf;

/** A size in bytes, written as {@code 4096}, {@code 512k}, {@code 64m} or {@code 1g}. */
public final class SizeKey extends ConfKey<Long> {
  public SizeKey(String name) {
    super(name);
  }

  @Override
  public Long get(Configuration conf) {
    return getBytes(conf);
  }

  public long getBytes(Configuration conf) {
    Configuration c = defaultsOnly(conf);
    if (c == null) {
      throw noValue();
    }
    return c.getSize(name(), 0);
  }

  /** The value, or {@code ifUnset} when neither the configuration nor the defaults give one. */
  public long get(Configuration conf, long ifUnset) {
    Configuration c = defaultsOnly(conf);
    return c == null ? ifUnset : c.getSize(name(), ifUnset);
  }

  @Override
  public void set(Configuration conf, Long bytes) {
    conf.setLong(name(), bytes);
  }
}
