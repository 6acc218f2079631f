package io.quern.conf;

/** A key whose value is a float; see {@link ConfKey} for a key declared without a default. */
public final class FloatKey extends ConfKey<Float> {
  public FloatKey(String name) {
    super(name);
  }

  @Override
  public Float get(Configuration conf) {
    return getFloat(conf);
  }

  public float getFloat(Configuration conf) {
    Configuration c = defaultsOnly(conf);
    if (c == null) {
      throw noValue();
    }
    return c.getFloat(name(), 0);
  }

  /** The value, or {@code ifUnset} when neither the configuration nor the defaults give one. */
  public float get(Configuration conf, float ifUnset) {
    Configuration c = defaultsOnly(conf);
    return c == null ? ifUnset : c.getFloat(name(), ifUnset);
  }

  @Override
  public void set(Configuration conf, Float value) {
    conf.setFloat(name(), value);
  }
}
