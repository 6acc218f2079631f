package io.quern.http;

import java.lang.reflect.RecordComponent;
import java.util.Map;

/**
 * Writes a value as JSON: maps, lists and arrays, records (by their components, in order),
 * strings, numbers, booleans, enums (by name) and null. The status pages' snapshots are records,
 * so a page's JSON is its data as the HTML shows it. A few dozen lines where a JSON library would
 * be a dependency of every daemon for one direction of one format.
 */
public final class Json {
  private Json() {}

  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof CharSequence || v instanceof Character) {
      string(b, v.toString());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // JSON has no NaN or infinity.
      b.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Enum<?> e) {
      string(b, e.name());
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof Iterable<?> it) {
      b.append('[');
      boolean first = true;
      for (Object o : it) {
        if (!first) {
          b.append(',');
        }
        first = false;
        write(b, o);
      }
      b.append(']');
    } else if (v instanceof Object[] arr) {
      write(b, java.util.Arrays.asList(arr));
    } else if (v.getClass().isRecord()) {
      record(b, v);
    } else {
      string(b, v.toString());
    }
  }

  private static void record(StringBuilder b, Object r) {
    b.append('{');
    boolean first = true;
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object value;
      try {
        java.lang.reflect.Method m = c.getAccessor();
        // The snapshots are package-private records of the daemons' packages.
        m.setAccessible(true);
        value = m.invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, c.getName());
      b.append(':');
      write(b, value);
    }
    b.append('}');
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          // Control characters, and < > & so that JSON pasted into HTML cannot close a tag.
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
