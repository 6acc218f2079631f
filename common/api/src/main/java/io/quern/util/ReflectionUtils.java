package io.quern.util;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.mapred.JobConf;
import io.quern.mapred.JobConfigurable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ConcurrentHashMap;

/** Creates user classes (keys, values, mappers) by name or class through their no-argument constructor. */
public final class ReflectionUtils {

  /**
   * Constructor lookup and setAccessible are slow next to the call itself; tasks create many objects.
   * Thread-safe (concurrent map): any task thread caches a constructor.
   */
  private static final ConcurrentHashMap<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

  private ReflectionUtils() {
  }

  /**
   * A new instance of {@code type} made through its no-argument constructor, which may be
   * private.
   *
   * @throws IllegalArgumentException if there is no such constructor or it cannot be called
   */
  public static <T> T newInstance(Class<T> type) {
    Constructor<?> constructor = CONSTRUCTORS.computeIfAbsent(type, ReflectionUtils::noArgConstructor);
    try {
      return type.cast(constructor.newInstance());
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("constructor of " + type.getName() + " failed: " + e.getCause(),
          e.getCause());
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalArgumentException("cannot instantiate " + type.getName() + ": " + e, e);
    }
  }

  /**
   * A new instance of {@code type} set up as Hadoop sets up a job's classes: given {@code conf}
   * if it is {@link Configurable}, then configured with it if it is an old-API {@link
   * JobConfigurable}. A null {@code conf} sets up nothing.
   */
  public static <T> T newInstance(Class<T> type, Configuration conf) {
    T t = newInstance(type);
    setConf(t, conf);
    return t;
  }

  /** Hands {@code conf} to {@code o} as {@link #newInstance(Class, Configuration)} does. */
  public static void setConf(Object o, Configuration conf) {
    if (conf == null) {
      return;
    }
    if (o instanceof Configurable c) {
      c.setConf(conf);
    }
    if (o instanceof JobConfigurable jc) {
      jc.configure(conf instanceof JobConf job ? job : new JobConf(conf));
    }
  }

  private static Constructor<?> noArgConstructor(Class<?> type) {
    try {
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor;
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no no-argument constructor", e);
    }
  }
}
