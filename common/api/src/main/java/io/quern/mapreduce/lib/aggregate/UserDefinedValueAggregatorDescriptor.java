package io.quern.mapreduce.lib.aggregate;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import io.quern.util.ReflectionUtils;
import java.util.ArrayList;
import java.util.Map.Entry;

/** A job's own descriptor class, named in the configuration, made by reflection and delegated to. */
public class UserDefinedValueAggregatorDescriptor implements ValueAggregatorDescriptor {
  private final String className;
  /** Written once, by configure on the task's thread before use. */
  protected ValueAggregatorDescriptor theAggregatorDescriptor;

  public UserDefinedValueAggregatorDescriptor(String className, Configuration conf) {
    this.className = className;
    this.theAggregatorDescriptor = createInstance(className);
    theAggregatorDescriptor.configure(conf);
  }

  /** A new instance of descriptor class {@code className}, loaded by the job's class loader. */
  public static ValueAggregatorDescriptor createInstance(String className) {
    Class<?> c;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      c = Class.forName(className, true, loader != null ? loader : ValueAggregatorDescriptor.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("Aggregator descriptor class " + className + " is not on the job's class path.", e);
    }
    if (!ValueAggregatorDescriptor.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException("Class " + className + " is not a ValueAggregatorDescriptor.");
    }
    return (ValueAggregatorDescriptor) ReflectionUtils.newInstance(c, null);
  }

  @Override
  public ArrayList<Entry<Text, Text>> generateKeyValPairs(Object key, Object val) {
    ArrayList<Entry<Text, Text>> out = theAggregatorDescriptor.generateKeyValPairs(key, val);
    return out != null ? out : new ArrayList<>();
  }

  /** The descriptor is configured when made; nothing more to do. */
  @Override
  public void configure(Configuration conf) {}

  @Override
  public String toString() {
    return "UserDefinedValueAggregatorDescriptor with class name:\t" + className;
  }
}
