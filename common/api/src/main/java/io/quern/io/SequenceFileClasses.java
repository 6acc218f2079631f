package io.quern.io;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.io.compress.CompressionCodec;
import io.quern.util.ReflectionUtils;
import java.io.IOException;

/**
 * Turns the class names a SequenceFile header carries into classes: the key and value
 * classes and the codec, reading Hadoop's {@code org.apache.hadoop.io} names as Quern's. It is
 * separate because a header is untrusted input: every name is checked to be a Writable or a
 * CompressionCodec before its class is initialized, and that rule is kept in one place.
 */
final class SequenceFileClasses {
  private SequenceFileClasses() {}

  static Class<?> loadClass(String name, boolean initialize) throws ClassNotFoundException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = SequenceFile.class.getClassLoader();
    }
    try {
      return Class.forName(name, initialize, loader);
    } catch (ClassNotFoundException e) {
      String hadoopIo = "org.apache.hadoop.io.";
      if (name.startsWith(hadoopIo)) {
        return Class.forName("io.quern.io." + name.substring(hadoopIo.length()), initialize, loader);
      }
      throw e;
    }
  }

  /** The {@code role} ("key" or "value") class {@code name} of {@code file}, not yet initialized. */
  static Class<?> writableClass(String name, String role, Object file) {
    Class<?> c;
    try {
      c = loadClass(name, false);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("the " + role + " class " + name + " of SequenceFile " + file
          + " is not on the class path", e);
    }
    // Checked before the class is initialized: a header must not make us run any class's static code.
    if (!Writable.class.isAssignableFrom(c)) {
      throw new IllegalStateException("the " + role + " class " + name + " of SequenceFile " + file
          + " is not a Writable");
    }
    return c;
  }

  /** A new instance of the codec {@code name} of {@code file}, given {@code conf} (or the defaults) if it is Configurable. */
  static CompressionCodec newCodec(String name, Object file, Configuration conf) throws IOException {
    Class<?> c;
    try {
      c = loadClass(name, false);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IOException("the compression codec " + name + " of SequenceFile " + file + " is not on the class path");
    }
    // Checked before the class is initialized, as for the key and value classes.
    if (!CompressionCodec.class.isAssignableFrom(c)) {
      throw new IOException("the compression codec " + name + " of SequenceFile " + file
          + " is not a CompressionCodec");
    }
    CompressionCodec made;
    try {
      made = ReflectionUtils.newInstance(c.asSubclass(CompressionCodec.class));
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot make the compression codec " + name + " of SequenceFile " + file + ": "
          + e.getMessage(), e);
    }
    if (made instanceof Configurable configurable) {
      configurable.setConf(conf != null ? conf : new Configuration());
    }
    return made;
  }
}
