package io.quern.conf;

/** A key whose value is a double; see {@link ConfKey} for a key declared without a default. */
public final class DoubleKey extends ConfKey<Double> {
  public DoubleKey(String name) {
    super(name);
  }

  @Override
  public Double get(Configuration conf) {
    return getDouble(conf);
  }

  public double getDouble(Configuration conf) {
    Configuration c = defaultsOnly(conf);
    if (c == null) {
      throw noValue();
    }
    return c.getDouble(name(), 0);
  }

  /** The value, or {@code ifUnset} when neither the configuration nor the defaults give one. */
  public double get(Configuration conf, double ifUnset) {
    Configuration c = defaultsOnly(conf);
    return c == null ? ifUnset : c.getDouble(name(), ifUnset);
  }

  @Override
  public void set(Configuration conf, Double value) {
    conf.set(name(), Double.toString(value));
  }
}
