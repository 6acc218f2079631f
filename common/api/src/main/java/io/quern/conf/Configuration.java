package io.quern.conf;

import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.Writable;
import io.quern.net.HostPort;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Key/value configuration read from Hadoop-style XML files: the {@code *-default.xml} files
 * shipped on the class path, then the {@code *-site.xml} files of the configuration
 * directory ({@code $QUERN_CONF_DIR}, else {@code ./conf}), then values set in code or by
 * {@code -D key=value}. Later sources override earlier ones unless a property is final.
 *
 * <p>Every value remembers where it came from, so that a bad value fails with one sentence
 * naming the key, the value and the file. Not thread-safe for writes: build it, then share.
 *
 * <p>The rules around the table live beside it: {@link ResourceMerge} (how a file's properties
 * join, finality and unknown keys), {@link VariableExpander} ({@code ${var}}), {@link
 * XmlConfigReader} and {@link XmlConfigWriter} (the XML format), {@link WritableConfigFormat} (the
 * binary one of {@link #write} and {@link #readFields}, Hadoop's Writable form), {@link TypedValues}
 * (how the typed getters parse a value).
 */
public class Configuration implements Iterable<Map.Entry<String, String>>, Writable {
  public static final List<String> DEFAULT_RESOURCES =
      List.of("core-default.xml", "dfs-default.xml", "mapred-default.xml");
  public static final List<String> SITE_RESOURCES =
      List.of("core-site.xml", "dfs-site.xml", "mapred-site.xml");
  public static final String CONF_DIR_PROPERTY = "quern.conf.dir";
  public static final String CONF_DIR_ENV = "QUERN_CONF_DIR";
  static final String SET_IN_CODE = "set in code";
  /** The source of the properties {@link #readFields} reads. */
  static final String READ_FIELDS = "a serialized configuration";

  /**
   * Confined to the thread that builds the configuration; only read once it is shared (see the class
   * comment).
   */
  private final Map<String, Property> props;

  /** Loads the defaults and the site files of the configuration directory. */
  public Configuration() {
    this(true);
  }

  /** With {@code loadDefaults} false the configuration starts empty. */
  public Configuration(boolean loadDefaults) {
    props = new LinkedHashMap<>();
    if (loadDefaults) {
      props.putAll(Defaults.properties());
      Path dir = confDir();
      if (dir != null) {
        for (String name : SITE_RESOURCES) {
          Path file = dir.resolve(name);
          if (Files.isRegularFile(file)) {
            addResource(file);
          }
        }
      }
    }
  }

  /** A copy of {@code other}'s properties; it shares {@code other}'s credentials, as Hadoop's JobConf copies do. */
  public Configuration(Configuration other) {
    props = new LinkedHashMap<>(other.props);
    credentials = other.credentials;
  }

  /** The site configuration directory, or null when there is none. */
  public static Path confDir() {
    String dir = System.getProperty(CONF_DIR_PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = System.getenv(CONF_DIR_ENV);
    }
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    Path local = Path.of("conf");
    return Files.isDirectory(local) ? local : null;
  }

  /** Adds a site file; its keys override earlier non-final ones. */
  public Configuration addResource(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return addResource(in, file.toString());
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  public Configuration addResource(URL url) {
    try (InputStream in = url.openStream()) {
      return addResource(in, url.toString());
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read configuration file " + url + ": " + e.getMessage(), e);
    }
  }

  /** Adds properties from an XML stream; {@code source} names it in errors. */
  public Configuration addResource(InputStream in, String source) {
    ResourceMerge.merge(props, XmlConfigReader.read(in, source), source);
    return this;
  }

  // ---- raw access ----

  /** The value with {@code ${var}} expanded, or null. */
  public String get(String name) {
    Property p = props.get(name);
    return p == null ? null : substitute(name, p.value());
  }

  public String get(String name, String defaultValue) {
    String v = get(name);
    return v == null ? defaultValue : v;
  }

  /** The value as written, without expansion. */
  public String getRaw(String name) {
    Property p = props.get(name);
    return p == null ? null : p.value();
  }

  /** Trimmed value, or null when unset or blank. */
  public String getTrimmed(String name) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    v = v.trim();
    return v.isEmpty() ? null : v;
  }

  /** Where a key's value came from: a file, "set in code", or null. */
  public String getSource(String name) {
    Property p = props.get(name);
    return p == null ? null : p.source();
  }

  public void set(String name, String value) {
    set(name, value, SET_IN_CODE);
  }

  public void set(String name, String value, String source) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("configuration key must not be empty");
    }
    if (value == null) {
      throw new IllegalArgumentException("value of " + name + " must not be null; use unset()");
    }
    props.put(name.trim(), new Property(name.trim(), value, source, false));
  }

  public void setIfUnset(String name, String value) {
    if (get(name) == null) {
      set(name, value);
    }
  }

  public void unset(String name) {
    props.remove(name);
  }

  public void setInt(String name, int value) {
    set(name, Integer.toString(value));
  }

  public void setLong(String name, long value) {
    set(name, Long.toString(value));
  }

  public void setFloat(String name, float value) {
    set(name, Float.toString(value));
  }

  public void setBoolean(String name, boolean value) {
    set(name, Boolean.toString(value));
  }

  public void setStrings(String name, String... values) {
    set(name, String.join(",", values));
  }

  public void setClass(String name, Class<?> cls, Class<?> xface) {
    if (!xface.isAssignableFrom(cls)) {
      throw new IllegalArgumentException(cls.getName() + " does not implement " + xface.getName());
    }
    set(name, cls.getName());
  }

  public void setTimeDuration(String name, long value, TimeUnit unit) {
    set(name, unit.toMillis(value) + "ms");
  }

  // ---- typed getters: a missing key gives the default, a bad value fails naming its source (TypedValues) ----

  public int getInt(String name, int defaultValue) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toInt(this, name, v);
  }

  public int getInt(String name) {
    return getInt(name, Integer.parseInt(require(name)));
  }

  public long getLong(String name, long defaultValue) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toLong(this, name, v);
  }

  public float getFloat(String name, float defaultValue) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toFloat(this, name, v);
  }

  public double getDouble(String name, double defaultValue) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toDouble(this, name, v);
  }

  public boolean getBoolean(String name, boolean defaultValue) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toBoolean(this, name, v);
  }

  /** A size in bytes, written as {@code 1048576}, {@code 512k}, {@code 64m}, {@code 1g} or {@code 2t}. */
  public long getSize(String name, long defaultValue) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toSize(this, name, v);
  }

  /**
   * A duration in {@code unit}, written as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or
   * {@code 2d}; a bare number is taken in {@code unit}.
   */
  public long getTimeDuration(String name, long defaultValue, TimeUnit unit) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toDuration(this, name, v, unit);
  }

  public Duration getDuration(String name, Duration defaultValue) {
    return Duration.ofNanos(getTimeDuration(name, defaultValue.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** Comma-separated values, trimmed, empty ones dropped. */
  public List<String> getTrimmedStringCollection(String name) {
    String v = get(name);
    return v == null ? List.of() : TypedValues.split(v);
  }

  public String[] getStrings(String name) {
    return get(name) == null ? null : getTrimmedStringCollection(name).toArray(new String[0]);
  }

  public String[] getTrimmedStrings(String name) {
    return getTrimmedStringCollection(name).toArray(new String[0]);
  }

  /** A {@code host:port} value. */
  public HostPort getHostPort(String name, HostPort defaultValue) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toHostPort(this, name, v);
  }

  /** An existing file or directory path, or null when unset. */
  public File getFile(String name) {
    String v = getTrimmed(name);
    return v == null ? null : new File(v);
  }

  public Class<?> getClassByName(String name) throws ClassNotFoundException {
    return Class.forName(name, true, getClassLoader());
  }

  public <U> Class<? extends U> getClass(String name, Class<? extends U> defaultValue, Class<U> xface) {
    String v = getTrimmed(name);
    return v == null ? defaultValue : TypedValues.toClass(this, name, v, xface);
  }

  public Class<?> getClass(String name, Class<?> defaultValue) {
    return getClass(name, defaultValue, Object.class);
  }

  /**
   * The credentials of the job this configuration describes: kept beside the properties and
   * never written with them (no XML, no dump), so that a job's secrets show on no page. Null
   * until asked for: copies made before share none.
   * Set (or made on first use) by the thread that builds the configuration, before it is shared:
   * confined to it, as the properties are.
   */
  private io.quern.security.Credentials credentials;

  /**
   * The job's secret keys and tokens ({@code JobConf.getCredentials()} in Hadoop); made empty on
   * first use. Copies of this configuration made afterwards share them.
   */
  public io.quern.security.Credentials getCredentials() {
    if (credentials == null) {
      credentials = new io.quern.security.Credentials();
    }
    return credentials;
  }

  /** Replaces the credentials this configuration carries (the framework does, in a task). */
  public void setCredentials(io.quern.security.Credentials credentials) {
    this.credentials = credentials;
  }

  /**
   * Confined to the thread that builds the configuration, as the properties are; only read once it
   * is shared.
   */
  private ClassLoader classLoader;

  public void setClassLoader(ClassLoader loader) {
    this.classLoader = loader;
  }

  public ClassLoader getClassLoader() {
    if (classLoader != null) {
      return classLoader;
    }
    ClassLoader ctx = Thread.currentThread().getContextClassLoader();
    return ctx != null ? ctx : Configuration.class.getClassLoader();
  }

  private String require(String name) {
    String v = Defaults.defaultValue(name);
    if (v == null) {
      throw new ConfigurationException("Configuration key " + name + " has no value and no default");
    }
    return v;
  }

  /** The one-sentence error for a value that cannot be parsed. */
  public ConfigurationException bad(String name, String value, String expected) {
    return new ConfigurationException("Bad value '" + value + "' for " + name + describeSource(name)
        + ": expected " + expected + ".");
  }

  String describeSource(String name) {
    String src = getSource(name);
    return src == null ? "" : " in " + src;
  }

  // ---- expansion ----

  /** {@code value} with its {@code ${var}}s expanded against this configuration, as if it were {@code name}'s. */
  String expand(String name, String value) {
    return substitute(name, value);
  }

  private String substitute(String name, String value) {
    return VariableExpander.expand(name, value, var -> {
      Property p = props.get(var);
      return p == null ? null : p.value();
    }, () -> describeSource(name));
  }

  // ---- iteration and serialization ----

  /** Expanded values, in key order. */
  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    Map<String, String> out = new TreeMap<>();
    for (String k : props.keySet()) {
      out.put(k, get(k));
    }
    return Collections.unmodifiableMap(out).entrySet().iterator();
  }

  public int size() {
    return props.size();
  }

  /** Writes every property, unexpanded, in the XML format {@link #addResource} reads. */
  public void writeXml(OutputStream out) throws IOException {
    XmlConfigWriter.write(new TreeMap<>(props).values(), out);
  }

  /**
   * Writes every property, unexpanded and in key order, in Hadoop's Writable form: a vint count,
   * then each name and value as {@code Text} strings. It reads back many times faster than the
   * XML, which is why the master sends a job's configuration to its tasks in it. Finality and
   * sources are not written, nor the credentials, which travel beside a job's configuration.
   */
  @Override
  public void write(DataOutput out) throws IOException {
    WritableConfigFormat.write(new TreeMap<>(props).values(), out);
  }

  /**
   * Replaces every property with those {@link #write} wrote, as Hadoop's does; the credentials and
   * class loader stay. Bytes that are not a configuration fail with an IOException saying what is
   * wrong, and leave this configuration as it was.
   */
  @Override
  public void readFields(DataInput in) throws IOException {
    List<Property> read = WritableConfigFormat.read(in, READ_FIELDS);
    props.clear();
    for (Property p : read) {
      props.put(p.name(), p);
    }
  }

  /** {@link #write}'s bytes. */
  public byte[] toBytes() {
    DataOutputBuffer out = new DataOutputBuffer(64 * props.size() + 16);
    try {
      write(out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return Arrays.copyOf(out.getData(), out.getLength());
  }

  /**
   * Adds the properties of {@link #write}'s bytes as {@link #addResource(InputStream, String)}
   * adds a file's: they override earlier non-final ones; {@code source} names them in errors.
   * Unknown keys draw no warning: the bytes are a copy of a configuration, not a file someone
   * wrote, and the files it was read from drew theirs.
   *
   * @throws IOException when {@code bytes} are not exactly one configuration in that form;
   *     this configuration is then unchanged
   */
  public Configuration addBytes(byte[] bytes, String source) throws IOException {
    DataInputBuffer in = new DataInputBuffer();
    in.reset(bytes, bytes.length);
    List<Property> read = WritableConfigFormat.read(in, source);
    if (in.remaining() > 0) {
      throw new IOException(source + " is not a readable configuration: it has " + in.remaining()
          + " bytes after its last property");
    }
    ResourceMerge.mergeCopy(props, read, source);
    return this;
  }

  @Override
  public String toString() {
    return "Configuration(" + props.size() + " properties)";
  }

  /** One property as read: value unexpanded, with its source and finality. */
  public record Property(String name, String value, String source, boolean isFinal) {}
}
