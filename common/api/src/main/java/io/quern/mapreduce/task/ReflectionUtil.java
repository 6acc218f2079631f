package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.util.ReflectionUtils;

/** Instantiates user classes through their no-argument constructor, configuring them if they ask. */
public final class ReflectionUtil {
  private ReflectionUtil() {}

  /** {@link ReflectionUtils#newInstance(Class, Configuration)}, saying what a job class needs when it fails. */
  public static <T> T newInstance(Class<T> cls, Configuration conf) {
    try {
      return ReflectionUtils.newInstance(cls, conf);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot instantiate " + cls.getName()
          + " (it needs a no-argument constructor and must be a static class): " + e.getMessage(), e);
    }
  }
}
