package io.quern.http;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@link Json} writes: JSON into maps, lists, strings, numbers, booleans and
 * null, and from those into a record by its components' declared types (records, lists, maps
 * with string keys, strings, numbers, booleans, enums). The job history files are the job
 * page's records as JSON; reading them needs no more than this.
 */
public final class JsonReader {
  /** Deeper nesting than any record here has: a hostile file cannot exhaust the stack. */
  private static final int MAX_DEPTH = 64;

  private final String s;
  /** Confined: a reader parses on the calling thread. Not thread-safe. */
  private int pos;

  private JsonReader(String s) {
    this.s = s;
  }

  /** The value {@code text} holds; an {@link IllegalArgumentException} names where it is malformed. */
  public static Object parse(String text) {
    JsonReader r = new JsonReader(text);
    Object v = r.value(0);
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.error("text after the value");
    }
    return v;
  }

  /** {@code text} as a {@code type}, by the rules in the class comment. */
  public static <T> T read(String text, Class<T> type) {
    return type.cast(convert(parse(text), type, "$"));
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    skipSpace();
    if (pos >= s.length()) {
      throw error("the text ends where a value was expected");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{' -> {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        skipSpace();
        if (peek('}')) {
          return m;
        }
        do {
          skipSpace();
          String key = string();
          skipSpace();
          expect(':');
          m.put(key, value(depth + 1));
          skipSpace();
        } while (peek(','));
        expect('}');
        return m;
      }
      case '[' -> {
        pos++;
        List<Object> l = new ArrayList<>();
        skipSpace();
        if (peek(']')) {
          return l;
        }
        do {
          l.add(value(depth + 1));
          skipSpace();
        } while (peek(','));
        expect(']');
        return l;
      }
      case '"' -> {
        return string();
      }
      default -> {
        if (s.startsWith("null", pos)) {
          pos += 4;
          return null;
        }
        if (s.startsWith("true", pos)) {
          pos += 4;
          return Boolean.TRUE;
        }
        if (s.startsWith("false", pos)) {
          pos += 5;
          return Boolean.FALSE;
        }
        return number();
      }
    }
  }

  private Object number() {
    int start = pos;
    while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String n = s.substring(start, pos);
    if (n.isEmpty()) {
      throw error("no value");
    }
    try {
      if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
        return Long.parseLong(n);
      }
      return Double.parseDouble(n);
    } catch (NumberFormatException e) {
      throw error("'" + n + "' is not a number");
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw error("a string is not closed");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw error("a string ends in a backslash");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("a \\u escape is cut short");
          }
          try {
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("a \\u escape is not hexadecimal");
          }
          pos += 4;
        }
        default -> throw error("unknown escape \\" + e);
      }
    }
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private boolean peek(char c) {
    if (pos < s.length() && s.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("'" + c + "' expected");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("malformed JSON at character " + pos + ": " + what);
  }

  private static Object convert(Object v, Type type, String where) {
    Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (v == null) {
      if (raw.isPrimitive()) {
        return raw == boolean.class ? Boolean.FALSE : convert(0L, raw, where);
      }
      return null;
    }
    if (raw == Object.class) {
      return v;
    }
    if (raw == String.class) {
      return v.toString();
    }
    if (raw == long.class || raw == Long.class) {
      return number(v, where).longValue();
    }
    if (raw == int.class || raw == Integer.class) {
      return Math.toIntExact(number(v, where).longValue());
    }
    if (raw == double.class || raw == Double.class) {
      return number(v, where).doubleValue();
    }
    if (raw == float.class || raw == Float.class) {
      return number(v, where).floatValue();
    }
    if (raw == boolean.class || raw == Boolean.class) {
      if (v instanceof Boolean b) {
        return b;
      }
      throw mismatch(where, "a boolean", v);
    }
    if (raw.isEnum()) {
      for (Object constant : raw.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(v.toString())) {
          return constant;
        }
      }
      throw mismatch(where, "one of " + java.util.Arrays.toString(raw.getEnumConstants()), v);
    }
    if (List.class.isAssignableFrom(raw)) {
      if (!(v instanceof List<?> l)) {
        throw mismatch(where, "a list", v);
      }
      Type element = typeArgument(type, 0);
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(convert(l.get(i), element, where + "[" + i + "]"));
      }
      return java.util.Collections.unmodifiableList(out);
    }
    if (Map.class.isAssignableFrom(raw)) {
      if (!(v instanceof Map<?, ?> m)) {
        throw mismatch(where, "an object", v);
      }
      Type valueType = typeArgument(type, 1);
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put((String) e.getKey(), convert(e.getValue(), valueType, where + "." + e.getKey()));
      }
      return out;
    }
    if (raw.isRecord()) {
      if (!(v instanceof Map<?, ?> m)) {
        throw mismatch(where, "an object", v);
      }
      RecordComponent[] components = raw.getRecordComponents();
      Object[] args = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        types[i] = c.getType();
        args[i] = convert(m.get(c.getName()), c.getGenericType(), where + "." + c.getName());
      }
      try {
        Constructor<?> ctor = raw.getDeclaredConstructor(types);
        ctor.setAccessible(true);
        return ctor.newInstance(args);
      } catch (ReflectiveOperationException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new IllegalArgumentException(where + " is not a valid " + raw.getSimpleName() + ": " + cause.getMessage(),
            cause);
      }
    }
    throw new IllegalArgumentException("cannot read a " + raw.getName() + " from JSON (at " + where + ")");
  }

  private static Type typeArgument(Type type, int i) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[i];
    }
    return Object.class;
  }

  private static Number number(Object v, String where) {
    if (v instanceof Number n) {
      return n;
    }
    throw mismatch(where, "a number", v);
  }

  private static IllegalArgumentException mismatch(String where, String expected, Object v) {
    return new IllegalArgumentException(where + " should be " + expected + ", not " + v);
  }
}
