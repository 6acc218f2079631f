package io.quern.io.compress;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.util.ReflectionUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the codec of a file by its name's suffix ({@code .gz}, {@code .bz2}, {@code .deflate}),
 * among the codecs {@value #CODECS_KEY} lists, as Hadoop's factory does. Hadoop's class names
 * ({@code org.apache.hadoop.io.compress.GzipCodec}) in that list stand for Quern's.
 */
public class CompressionCodecFactory {

  public static final String CODECS_KEY = "io.compression.codecs";

  private static final String HADOOP_PACKAGE = "org.apache.hadoop.io.compress.";

  /** Filled by the constructor, only read after: Immutable. */
  private final List<CompressionCodec> codecs = new ArrayList<>();

  public CompressionCodecFactory(Configuration conf) {
    for (Class<? extends CompressionCodec> c : getCodecClasses(conf)) {
      codecs.add(newCodec(c, conf));
    }
  }

  /** The codecs {@value #CODECS_KEY} names; the three built-in ones when it is unset. */
  public static List<Class<? extends CompressionCodec>> getCodecClasses(Configuration conf) {
    List<String> names = conf.getTrimmedStringCollection(CODECS_KEY);
    List<Class<? extends CompressionCodec>> out = new ArrayList<>();
    if (names.isEmpty()) {
      out.add(GzipCodec.class);
      out.add(DefaultCodec.class);
      out.add(BZip2Codec.class);
      return out;
    }
    for (String name : names) {
      out.add(codecClass(name, conf, CODECS_KEY));
    }
    return out;
  }

  public static void setCodecClasses(Configuration conf, List<Class<? extends CompressionCodec>> classes) {
    List<String> names = new ArrayList<>();
    for (Class<?> c : classes) {
      names.add(c.getName());
    }
    conf.set(CODECS_KEY, String.join(",", names));
  }

  /**
   * The codec class named {@code name} (a Hadoop codec name maps to Quern's), checked to be a
   * codec; {@code key} names the setting in the error.
   */
  public static Class<? extends CompressionCodec> codecClass(String name, Configuration conf, String key) {
    String quern = name.startsWith(HADOOP_PACKAGE)
        ? CompressionCodecFactory.class.getPackageName() + "." + name.substring(HADOOP_PACKAGE.length()) : name;
    Class<?> c;
    try {
      c = Class.forName(quern, true, conf.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("the compression codec " + name + " named by " + key
          + " is not on the class path");
    }
    if (!CompressionCodec.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException(name + " named by " + key + " is not a CompressionCodec");
    }
    return c.asSubclass(CompressionCodec.class);
  }

  /** A new codec of class {@code c}, given {@code conf} if it wants one. */
  public static CompressionCodec newCodec(Class<? extends CompressionCodec> c, Configuration conf) {
    CompressionCodec codec = ReflectionUtils.newInstance(c);
    if (codec instanceof io.quern.conf.Configurable configurable) {
      configurable.setConf(conf);
    }
    return codec;
  }

  /** The codec whose suffix ends the file name (the longest such suffix), or null. */
  public CompressionCodec getCodec(Path file) {
    return getCodec(file.getName());
  }

  /** The codec of a file name or path string by its suffix, or null. */
  public CompressionCodec getCodec(String fileName) {
    CompressionCodec best = null;
    for (CompressionCodec c : codecs) {
      String ext = c.getDefaultExtension();
      if (fileName.endsWith(ext) && (best == null || ext.length() > best.getDefaultExtension().length())) {
        best = c;
      }
    }
    return best;
  }

  /** The codec of exactly this class name (Hadoop's names included), or null. */
  public CompressionCodec getCodecByClassName(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    for (CompressionCodec c : codecs) {
      if (c.getClass().getName().equals(className)
          || (className.startsWith(HADOOP_PACKAGE) && c.getClass().getSimpleName().equals(simple))) {
        return c;
      }
    }
    return null;
  }

  /**
   * The codec called {@code name}, case aside, with or without its "Codec" ending ({@code gzip},
   * {@code bzip2}, {@code default}), or by class name; null if none is.
   */
  public CompressionCodec getCodecByName(String name) {
    CompressionCodec byClass = getCodecByClassName(name);
    if (byClass != null) {
      return byClass;
    }
    String wanted = name.toLowerCase(Locale.ROOT);
    for (CompressionCodec c : codecs) {
      String simple = c.getClass().getSimpleName().toLowerCase(Locale.ROOT);
      if (simple.equals(wanted) || simple.equals(wanted + "codec")) {
        return c;
      }
    }
    return null;
  }

  /** {@code filename} without {@code suffix}, or as is when it does not end so. */
  public static String removeSuffix(String filename, String suffix) {
    return filename.endsWith(suffix) ? filename.substring(0, filename.length() - suffix.length()) : filename;
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (CompressionCodec c : codecs) {
      names.add(c.getDefaultExtension() + "=" + c.getClass().getName());
    }
    return "CompressionCodecFactory" + names;
  }
}
