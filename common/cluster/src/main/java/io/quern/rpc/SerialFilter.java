package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JEP 290 allow-list for the arguments of every remote call a Quern daemon accepts: the
 * records and enums of {@code io.quern.protocol} and the job API's status records, the few JDK
 * types they are built from, and what RMI needs to pass a stub as an argument. Every other
 * class is rejected before it is instantiated, and so are streams past the configured depth,
 * reference, array and byte bounds.
 * The caller then gets an {@link java.rmi.UnmarshalException} caused by an {@link
 * java.io.InvalidClassException}; the server carries on. What callers read back, answers and
 * exceptions, passes {@link JvmSerialFilter}: this list and these bounds, and exceptions.
 *
 * <p>Class patterns follow {@link ObjectInputFilter.Config#createFilter}: {@code a.b.C} one
 * class, {@code a.b.*} a package, {@code a.b.**} a package and its sub-packages, {@code a.b.C*}
 * a prefix. Arrays are judged by their element type.
 */
public final class SerialFilter implements ObjectInputFilter {
  public static final String MAX_DEPTH_KEY = CoreKeys.RPC_MAX_DEPTH.name();
  public static final String MAX_REFS_KEY = CoreKeys.RPC_MAX_REFS.name();
  public static final String MAX_ARRAY_KEY = CoreKeys.RPC_MAX_ARRAY_LENGTH.name();
  public static final String MAX_BYTES_KEY = CoreKeys.RPC_MAX_STREAM_BYTES.name();

  /** What every daemon accepts; a daemon may add patterns of its own. */
  public static final List<String> ALLOWED = List.of(
      "io.quern.protocol.**",
      // the status records of the job API, which the protocols carry too; not the package, whose
      // other classes are a job's
      "io.quern.mapreduce.CountersSnapshot", "io.quern.mapreduce.JobState",
      "io.quern.mapreduce.JobStatusReport", "io.quern.mapreduce.SplitInfo", "io.quern.mapreduce.TaskKind",
      "io.quern.mapreduce.TaskReport", "io.quern.mapreduce.TaskState",
      "io.quern.mapreduce.TaskCompletionEvent", "io.quern.mapreduce.TaskCompletionEvent$Status",
      "io.quern.rpc.TimeoutClientSocketFactory",
      "io.quern.rpc.BoundServerSocketFactory",
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
      "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
      "java.lang.Number", "java.lang.String", "java.lang.Enum", "java.lang.Record",
      "java.util.ArrayList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
      "java.util.HashSet", "java.util.LinkedHashSet",
      "java.util.Collections$Unmodifiable*", "java.util.Collections$Empty*",
      "java.util.ImmutableCollections$*", "java.util.CollSer",
      "java.time.Instant", "java.time.Duration", "java.time.Ser",
      // A stub passed as an argument: a dynamic proxy of the remote interface whose handler is a
      // RemoteObjectInvocationHandler. Its UnicastRef, endpoint and ObjID are written by hand,
      // not as objects, so they never reach the filter. Not all of java.rmi.server: a
      // deserialized UnicastRemoteObject exports itself (the "JRMP listener" gadget).
      "java.rmi.Remote", "java.lang.reflect.Proxy",
      "java.rmi.server.RemoteObjectInvocationHandler", "java.rmi.server.RemoteObject");

  /**
   * Collections check the array they are about to fill (an {@code ArrayList} its {@code
   * Object[]}, a {@code HashMap} its {@code Map.Entry[]}) with the filter, so these arrays pass
   * within the length bound; their elements are then checked one by one. Immutable.
   */
  private static final Set<Class<?>> BACKING_ARRAY_ELEMENTS = Set.of(Object.class, Map.Entry.class);

  private static final Pattern CLASS_PATTERN =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*(\\.\\*\\*|\\.\\*|\\*)?");

  private final Limits limits;
  /** Immutable (a copy). */
  private final List<String> patterns;
  /** Patterns that admit a class only if it is a {@link Throwable}. Immutable (a copy). */
  private final List<String> throwables;

  /** Bounds on one stream: a call's arguments, or what it answers. */
  public record Limits(long maxDepth, long maxReferences, long maxArrayLength, long maxStreamBytes) {
    public static final Limits DEFAULT = new Limits(20, 1_000_000, 16L << 20, 64L << 20);

    public Limits {
      if (maxDepth < 1 || maxReferences < 1 || maxArrayLength < 0 || maxStreamBytes < 1) {
        throw new IllegalArgumentException("serial filter bounds must be positive: " + this);
      }
    }

    /** The bounds {@code conf} sets with the {@code quern.rpc.max.*} keys, checked. */
    public static Limits fromConf(Configuration conf) {
      return new Limits(
          positive(conf, MAX_DEPTH_KEY, CoreKeys.RPC_MAX_DEPTH.getLong(conf)),
          positive(conf, MAX_REFS_KEY, CoreKeys.RPC_MAX_REFS.getLong(conf)),
          positive(conf, MAX_ARRAY_KEY, CoreKeys.RPC_MAX_ARRAY_LENGTH.getLong(conf)),
          positive(conf, MAX_BYTES_KEY, CoreKeys.RPC_MAX_STREAM_BYTES.getBytes(conf)));
    }

    private static long positive(Configuration conf, String key, long value) {
      if (value < 1) {
        throw conf.bad(key, conf.get(key), "a positive number");
      }
      return value;
    }

    /** As a JDK filter pattern prefix: {@code maxdepth=20;maxrefs=...}. */
    public String asPattern() {
      return "maxdepth=" + maxDepth + ";maxrefs=" + maxReferences + ";maxarray=" + maxArrayLength
          + ";maxbytes=" + maxStreamBytes;
    }
  }

  /** The base allow-list plus {@code extraAllowed}, within {@code limits}. */
  public SerialFilter(Limits limits, List<String> extraAllowed) {
    this(limits, extraAllowed, List.of());
  }

  /**
   * Also admits the classes {@code throwables} match that are a {@link Throwable}: what a call
   * may throw back, which its caller reads (see {@link JvmSerialFilter}).
   */
  SerialFilter(Limits limits, List<String> extraAllowed, List<String> throwables) {
    List<String> all = new ArrayList<>(ALLOWED);
    all.addAll(checked(extraAllowed));
    this.limits = limits;
    this.patterns = List.copyOf(all);
    this.throwables = checked(throwables);
  }

  private static List<String> checked(List<String> patterns) {
    for (String p : patterns) {
      if (p == null || !CLASS_PATTERN.matcher(p).matches()) {
        throw new IllegalArgumentException("'" + p + "' is not a class pattern such as a.b.C, a.b.* or a.b.**");
      }
    }
    return List.copyOf(patterns);
  }

  public static SerialFilter fromConf(Configuration conf, List<String> extraAllowed) {
    return new SerialFilter(Limits.fromConf(conf), extraAllowed);
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (info.depth() > limits.maxDepth() || info.references() > limits.maxReferences()
        || info.streamBytes() > limits.maxStreamBytes()) {
      return Status.REJECTED;
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return Status.UNDECIDED; // a bounds-only check, passed above
    }
    if (type.isArray() && !arrayFits(type.getComponentType(), info.arrayLength(), info.streamBytes())) {
      return Status.REJECTED;
    }
    return isAllowed(type) ? Status.ALLOWED : Status.REJECTED;
  }

  /**
   * An array is allocated before its elements are read, so its length must be one the rest of
   * the stream can hold: a primitive element takes its own size on the wire, a reference at
   * least a byte. A few bytes claiming a huge array are refused before the heap is touched.
   * Every array is also bounded by {@link Limits#maxArrayLength()} elements.
   */
  private boolean arrayFits(Class<?> element, long length, long consumed) {
    if (length > limits.maxArrayLength()) {
      return false;
    }
    long left = Math.max(0, limits.maxStreamBytes() - consumed);
    long wireSize = !element.isPrimitive() ? 1
        : element == long.class || element == double.class ? 8
        : element == int.class || element == float.class ? 4
        : element == short.class || element == char.class ? 2 : 1;
    return length <= left / wireSize;
  }

  /** Whether instances (or arrays) of {@code type} may be deserialized, bounds aside. */
  public boolean isAllowed(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive() || (type.isArray() && BACKING_ARRAY_ELEMENTS.contains(element))) {
      return true;
    }
    if (Proxy.isProxyClass(element)) {
      // the proxy class has a generated name; what matters is what it implements
      return Arrays.stream(element.getInterfaces()).allMatch(this::isAllowed);
    }
    String name = element.getName();
    return matchesAny(patterns, name)
        || (Throwable.class.isAssignableFrom(element) && matchesAny(throwables, name));
  }

  private static boolean matchesAny(List<String> patterns, String className) {
    for (String pattern : patterns) {
      if (matches(pattern, className)) {
        return true;
      }
    }
    return false;
  }

  static boolean matches(String pattern, String className) {
    if (pattern.endsWith(".**")) {
      return className.startsWith(pattern.substring(0, pattern.length() - 2));
    }
    if (pattern.endsWith(".*")) {
      String pkg = pattern.substring(0, pattern.length() - 1);
      return className.startsWith(pkg) && className.indexOf('.', pkg.length()) < 0;
    }
    if (pattern.endsWith("*")) {
      return className.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return className.equals(pattern);
  }

  public Limits limits() {
    return limits;
  }

  public List<String> patterns() {
    return patterns;
  }

  /** In the JDK's pattern syntax, but for the Throwable-only patterns, which it cannot say. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(limits.asPattern()).append(';').append(String.join(";", patterns));
    for (String t : throwables) {
      b.append(";Throwable in ").append(t);
    }
    return b.append(";!*").toString();
  }
}
