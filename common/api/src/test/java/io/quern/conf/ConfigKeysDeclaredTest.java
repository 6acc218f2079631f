package io.quern.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.fs.DfsKeys;
import io.quern.mapreduce.MapredKeys;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every configuration key the main code of any module uses is declared once, with a description,
 * in a {@code *-default.xml}; and code names keys through key objects or named constants, never a
 * string literal in a {@code Configuration} call, so that a key's name and default exist once;
 * nor does a getter pass a default of its own for a key whose XML declaration gives one.
 * Reads the source tree of the whole project (found by walking up from the module directory).
 */
class ConfigKeysDeclaredTest {
  /** Key-like strings in main code that are not configuration keys, or not declared one by one; each with why. */
  private static final Map<String, String> NOT_DECLARED = Map.ofEntries(
      Map.entry("fs.option.openfile.", "options of one openFile() call (Hadoop's names), not configuration keys"),
      Map.entry("mapreduce.chain.", "Chain's per-link keys: a prefix followed by the link's index"),
      Map.entry("mapreduce.aggregate.descriptor", "prefix of the numbered keys mapreduce.aggregate.descriptor.N"),
      Map.entry("quern.conf.dir", "a system property (-Dquern.conf.dir), read before any configuration exists"),
      Map.entry("dfs.capacity", "an attribute of a node's membership znode (NodeAttributes)"),
      Map.entry("dfs.used", "an attribute of a node's membership znode (NodeAttributes)"),
      Map.entry("dfs.remaining", "an attribute of a node's membership znode (NodeAttributes)"),
      Map.entry("dfs.name.dir", "an attribute of a node's membership znode (NodeAttributes)"),
      Map.entry("map.slots", "an attribute of a node's membership znode (NodeAttributes)"),
      Map.entry("reduce.slots", "an attribute of a node's membership znode (NodeAttributes)"));

  private static final List<String> KEY_PREFIXES =
      List.of("dfs.", "fs.", "io.", "net.", "mapred.", "mapreduce.", "quern.", "stream.", "map.", "distcp.", "examples.", "terasort.", "wordcount.");

  private static final String CONF_METHODS = "get|getRaw|getTrimmed|getSource|set|setIfUnset|unset|setInt|setLong"
      + "|setFloat|setBoolean|setStrings|setClass|setTimeDuration|getInt|getLong|getFloat|getDouble|getBoolean"
      + "|getSize|getTimeDuration|getDuration|getTrimmedStringCollection|getStrings|getTrimmedStrings|getHostPort"
      + "|getFile|getClass";
  /** A Configuration call whose first argument is a dotted string literal; JDK system-property look-ups excepted. */
  static final Pattern LITERAL_CALL = Pattern.compile(
      "(?<!Boolean|Integer|Long|System)\\.(" + CONF_METHODS + ")\\(\\s*\"([A-Za-z][\\w-]*\\.[\\w.-]+)\"");
  static final Pattern KEY_OBJECT = Pattern.compile(
      "new (?:String|Int|Long|Float|Double|Boolean|Size|Duration)Key\\(\\s*\"([^\"]+)\"");
  static final Pattern STRING_CONSTANT = Pattern.compile("String\\s+[A-Z][A-Z0-9_]*\\s*=\\s*\"([a-z][\\w-]*(?:\\.[\\w-]+)+)\"\\s*;");

  /**
   * Main source files that still call a Configuration getter with a key constant and a default of
   * their own for a key whose default is in the XML; each with why. Empty this list, do not grow it.
   */
  private static final Map<String, String> DEFAULT_WRITTEN_TWICE_ALLOWED = Map.of();

  private static final String GETTERS = "get|getTrimmed|getInt|getLong|getFloat|getDouble|getBoolean|getSize"
      + "|getTimeDuration|getDuration|getHostPort|getClass";
  /** A getter call whose first argument is a constant ({@code NAME}, {@code Type.NAME}, {@code a.b.Type.NAME}). */
  static final Pattern GETTER_ON_CONSTANT = Pattern.compile(
      "(?<!Boolean|Integer|Long|System)\\.(?:" + GETTERS + ")\\(\\s*((?:[A-Za-z_]\\w*\\.)*[A-Z][A-Z0-9_]*)\\s*,");
  /** {@code String NAME = "x";}, {@code String NAME = Other.NAME;} or {@code String NAME = Holder.KEY.name();}. */
  static final Pattern STRING_DECLARATION = Pattern.compile(
      "\\bString\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*(\"[^\"]*\"|(?:[A-Za-z_]\\w*\\.)*[A-Z][A-Z0-9_]*(?:\\.name\\(\\))?)\\s*;");
  /** {@code XKey NAME = new XKey("x"} or {@code new XKey(Other.NAME}. */
  static final Pattern KEY_DECLARATION = Pattern.compile(
      "\\b(?:String|Int|Long|Float|Double|Boolean|Size|Duration)Key\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*new \\w+Key\\(\\s*"
      + "(\"[^\"]*\"|(?:[A-Za-z_]\\w*\\.)*[A-Z][A-Z0-9_]*)\\s*[,)]");

  private static Path root;
  private static Map<String, List<String>> declaredIn;
  private static Map<String, String> descriptions;
  private static Map<String, String> values;

  @BeforeAll
  static void readDeclarations() throws Exception {
    root = projectRoot();
    declaredIn = new TreeMap<>();
    descriptions = new TreeMap<>();
    values = new TreeMap<>();
    for (String name : Configuration.DEFAULT_RESOURCES) {
      Path file = root.resolve("common/api/src/main/resources").resolve(name);
      NodeList props = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
          .getElementsByTagName("property");
      for (int i = 0; i < props.getLength(); i++) {
        Element p = (Element) props.item(i);
        String key = text(p, "name");
        declaredIn.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
        descriptions.put(key, text(p, "description"));
        values.put(key, text(p, "value"));
      }
    }
  }

  @Test
  void noKeyIsDeclaredTwiceAndEveryOneHasADescription() {
    List<String> twice = new ArrayList<>();
    List<String> undescribed = new ArrayList<>();
    declaredIn.forEach((k, files) -> {
      if (files.size() > 1) {
        twice.add(k + " in " + files);
      }
      if (descriptions.get(k).isBlank()) {
        undescribed.add(k);
      }
    });
    assertEquals(List.of(), twice, "keys declared more than once");
    assertEquals(List.of(), undescribed, "keys without a description");
  }

  @Test
  void everyKeyTheMainCodeNamesIsDeclared() throws IOException {
    List<String> undeclared = new ArrayList<>();
    for (Map.Entry<Path, String> src : mainSources().entrySet()) {
      for (Pattern p : List.of(KEY_OBJECT, STRING_CONSTANT)) {
        Matcher m = p.matcher(src.getValue());
        while (m.find()) {
          String key = m.group(1);
          boolean keyLike = p == KEY_OBJECT || KEY_PREFIXES.stream().anyMatch(key::startsWith);
          if (keyLike && !key.startsWith("io.quern.") && !declaredIn.containsKey(key) && allowed(key) == null) {
            undeclared.add(key + " (" + root.relativize(src.getKey()) + ")");
          }
        }
      }
    }
    assertEquals(List.of(), undeclared, "keys used in main code but declared in no *-default.xml");
  }

  @Test
  void noConfigurationCallNamesAKeyByAStringLiteral() throws IOException {
    List<String> literal = new ArrayList<>();
    for (Map.Entry<Path, String> src : mainSources().entrySet()) {
      literal.addAll(literalKeys(src.getValue(), root.relativize(src.getKey()).toString()));
    }
    assertEquals(List.of(), literal, "use a key object (CoreKeys, DfsKeys, MapredKeys, WorkerKeys)"
        + " or the Hadoop-named String constant instead of a literal");
  }

  @Test
  void theChecksCatchALiteralKeyAndAnUndeclaredKeyObject() {
    assertEquals(List.of("x.y (Snippet.java:2)"),
        literalKeys("class Snippet {\n  int n = conf.getInt(\"x.y\", 3);\n  boolean d = Boolean.getBoolean(\"quern.debug\");\n}",
            "Snippet.java"));
    Matcher m = KEY_OBJECT.matcher("static final IntKey X = new IntKey(\"x.y\");");
    assertTrue(m.find() && !declaredIn.containsKey(m.group(1)));
  }

  @Test
  void everyDeclaredDefaultOfTheApiKeyHoldersParses() throws Exception {
    Configuration empty = new Configuration(false);
    int keys = 0;
    for (Class<?> holder : List.of(CoreKeys.class, DfsKeys.class, MapredKeys.class)) {
      for (Field f : holder.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && ConfKey.class.isAssignableFrom(f.getType())) {
          ConfKey<?> key = (ConfKey<?>) f.get(null);
          assertTrue(declaredIn.containsKey(key.name()), key.name());
          if (key.declaredDefault() != null) {
            assertNotNull(key.get(empty), key.name());
          }
          keys++;
        }
      }
    }
    assertTrue(keys > 0);
  }

  @Test
  void noGetterWritesADefaultTheXmlAlreadyGives() throws IOException {
    Map<Path, String> sources = mainSources();
    Constants constants = Constants.of(sources);
    List<String> twice = new ArrayList<>();
    Map<String, Boolean> allowedUsed = new TreeMap<>();
    DEFAULT_WRITTEN_TWICE_ALLOWED.keySet().forEach(f -> allowedUsed.put(f, false));
    for (Map.Entry<Path, String> src : sources.entrySet()) {
      String file = root.relativize(src.getKey()).toString().replace('\\', '/');
      List<String> found = defaultsWrittenTwice(src.getValue(), file, constants);
      if (!found.isEmpty() && DEFAULT_WRITTEN_TWICE_ALLOWED.containsKey(file)) {
        allowedUsed.put(file, true);
      } else {
        twice.addAll(found);
      }
    }
    assertEquals(List.of(), twice, "read the key through its key object (CoreKeys, DfsKeys, MapredKeys, WorkerKeys, or its module's)"
        + " so that its default is written only in the XML; use key.get(conf, ifUnset) for a default computed at run time");
    List<String> stale = new ArrayList<>();
    allowedUsed.forEach((f, used) -> {
      if (!used) {
        stale.add(f);
      }
    });
    assertEquals(List.of(), stale, "files allowed to write a default twice that no longer do: drop them from the list");
  }

  @Test
  void theDefaultCheckCatchesAConstantKeyWithADefault() {
    String lib = "class Keys {\n  public static final String ALIAS = Keys2.SORT_MB;\n"
        + "  static final IntKey FACTOR = new IntKey(\"io.sort.factor\");\n  static final String BY_KEY = FACTOR.name();\n}\n"
        + "class Keys2 {\n  static final String SORT_MB = \"io.sort.mb\";\n  static final String NO_DEFAULT = \"mapred.task.partition\";\n}\n";
    String user = "class User {\n  int a = conf.getInt(Keys.ALIAS, 100);\n"
        + "  int b = conf.getInt(Keys.BY_KEY,\n      7);\n  int c = conf.getInt(Keys2.NO_DEFAULT, -1);\n"
        + "  int d = MapredKeys.IO_SORT_MB.getInt(conf);\n  long e = f.get(TIMEOUT_MS, TimeUnit.SECONDS);\n}";
    Constants constants = Constants.of(Map.of(Path.of("Keys.java"), lib, Path.of("User.java"), user));
    assertEquals(List.of("io.sort.mb (User.java:2)", "io.sort.factor (User.java:3)"),
        defaultsWrittenTwice(user, "User.java", constants));
  }

  /** The getter calls in {@code source} that pass a default for a key the XML gives a default. */
  static List<String> defaultsWrittenTwice(String source, String file, Constants constants) {
    String cls = file.substring(file.lastIndexOf('/') + 1).replace(".java", "");
    List<String> out = new ArrayList<>();
    Matcher m = GETTER_ON_CONSTANT.matcher(source);
    while (m.find()) {
      String key = constants.resolve(m.group(1), cls);
      if (key != null && declaredIn.containsKey(key) && !values.get(key).isBlank()) {
        int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        out.add(key + " (" + file + ":" + line + ")");
      }
    }
    return out;
  }

  /**
   * The String constants and key objects declared in the sources, by simple name and class, so that
   * a constant a getter names resolves to its key even through an alias or a key object's name().
   */
  record Constants(Map<String, Map<String, String>> byName) {
    static Constants of(Map<Path, String> sources) {
      Map<String, Map<String, String>> byName = new TreeMap<>();
      for (Map.Entry<Path, String> src : sources.entrySet()) {
        String cls = src.getKey().getFileName().toString().replace(".java", "");
        for (Pattern p : List.of(STRING_DECLARATION, KEY_DECLARATION)) {
          Matcher m = p.matcher(src.getValue());
          while (m.find()) {
            byName.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(cls, m.group(2));
          }
        }
      }
      return new Constants(byName);
    }

    /** The key {@code ref} (as written in class {@code cls}) names, or null when it is not a resolvable key constant. */
    String resolve(String ref, String cls) {
      return resolve(ref.replaceAll("\\.name\\(\\)$", ""), cls, 0);
    }

    private String resolve(String ref, String cls, int depth) {
      String[] parts = ref.split("\\.");
      String name = parts[parts.length - 1];
      String owner = parts.length > 1 ? parts[parts.length - 2] : cls;
      Map<String, String> candidates = byName.getOrDefault(name, Map.of());
      String value = candidates.get(owner);
      if (value == null && new java.util.HashSet<>(candidates.values()).size() == 1) {
        value = candidates.values().iterator().next();  // inherited, or declared in a nested class
      }
      if (value == null || depth > 5) {
        return null;
      }
      if (value.startsWith("\"")) {
        String key = value.substring(1, value.length() - 1);
        return key.matches("[a-z][\\w-]*(\\.[\\w-]+)+") ? key : null;
      }
      return resolve(value.replaceAll("\\.name\\(\\)$", ""), owner, depth + 1);
    }
  }

  static List<String> literalKeys(String source, String file) {
    List<String> out = new ArrayList<>();
    Matcher m = LITERAL_CALL.matcher(source);
    while (m.find()) {
      String key = m.group(2);
      if (!key.startsWith("io.quern.") && allowed(key) == null) {
        int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        out.add(key + " (" + file + ":" + line + ")");
      }
    }
    return out;
  }

  private static String allowed(String key) {
    for (Map.Entry<String, String> e : NOT_DECLARED.entrySet()) {
      if (key.equals(e.getKey()) || (e.getKey().endsWith(".") && key.startsWith(e.getKey()))) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Map<Path, String> mainSources() throws IOException {
    Map<Path, String> out = new LinkedHashMap<>();
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(root, 5)) {
      dirs = s.filter(d -> d.endsWith(Path.of("src", "main", "java")) && !d.toString().contains("target")).toList();
    }
    assertTrue(dirs.size() >= 9, "found the main sources of every module: " + dirs);
    for (Path dir : dirs) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          out.put(f, Files.readString(f));
        }
      }
    }
    return out;
  }

  private static Path projectRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("common/api/src/main/resources/core-default.xml"))
          && Files.isDirectory(d.resolve("worker"))) {
        return d;
      }
    }
    throw new IllegalStateException("no Quern source tree above " + dir);
  }

  private static String text(Element p, String tag) {
    NodeList n = p.getElementsByTagName(tag);
    return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
  }
}
