package io.quern.conf;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A duration, written as {@code 500ms}, {@code 30s}, {@code 10m} or {@code 1h}; a bare number is
 * taken in the key's unit (the unit its readers have always used).
 */
public final class DurationKey extends ConfKey<Duration> {
  private final TimeUnit bareUnit;

  public DurationKey(String name, TimeUnit bareUnit) {
    super(name);
    this.bareUnit = bareUnit;
  }

  @Override
  public Duration get(Configuration conf) {
    return Duration.ofNanos(get(conf, TimeUnit.NANOSECONDS));
  }

  /** The value in {@code unit}. */
  public long get(Configuration conf, TimeUnit unit) {
    Configuration c = defaultsOnly(conf);
    if (c == null) {
      throw noValue();
    }
    String v = c.getTrimmed(name());
    long nanos = Units.parseDurationNanos(v, bareUnit);
    if (nanos < 0) {
      throw c.bad(name(), v, "a duration such as 500ms, 30s, 10m or 1h");
    }
    return unit.convert(nanos, TimeUnit.NANOSECONDS);
  }

  public long millis(Configuration conf) {
    return get(conf, TimeUnit.MILLISECONDS);
  }

  @Override
  public void set(Configuration conf, Duration value) {
    conf.set(name(), value.toMillis() + "ms");
  }

  public void set(Configuration conf, long value, TimeUnit unit) {
    conf.setTimeDuration(name(), value, unit);
  }
}
