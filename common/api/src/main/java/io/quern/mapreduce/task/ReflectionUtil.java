package io.quern.mapreduce.task;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import java.lang.reflect.Constructor;

/** Instantiates user classes through their no-argument constructor, configuring them if they ask. */
public final class ReflectionUtil {
  private ReflectionUtil() {}

  public static <T> T newInstance(Class<T> cls, Configuration conf) {
    try {
      Constructor<T> c = cls.getDeclaredConstructor();
      c.setAccessible(true);
      T t = c.newInstance();
      if (conf != null && t instanceof Configurable configurable) {
        configurable.setConf(conf);
      }
      return t;
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot instantiate " + cls.getName()
          + " (it needs a no-argument constructor and must be a static class): " + e, e);
    }
  }
}
