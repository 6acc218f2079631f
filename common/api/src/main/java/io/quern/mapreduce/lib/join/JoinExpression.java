package io.quern.mapreduce.lib.join;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@value CompositeInputFormat#JOIN_EXPR} expression, in Hadoop's syntax:
 * {@code op(expr, expr, ...)} where {@code op} is {@code inner}, {@code outer} or
 * {@code override}, and a source is {@code tbl(input.format.Class,"path")}. Joins nest, so
 * {@code outer(inner(tbl(..),tbl(..)),tbl(..))} is one expression with three sources.
 */
public abstract sealed class JoinExpression permits JoinExpression.Table, JoinExpression.Join {
  /** The join operations, by the name an expression gives them. */
  public enum Op {
    INNER, OUTER, OVERRIDE;

    static Op named(String name) {
      for (Op op : values()) {
        if (op.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
          return op;
        }
      }
      return null;
    }
  }

  /** The sources of this expression, leftmost first: the order of a join's splits. */
  public abstract List<Table> tables();

  /** One source: an input format reading a path. */
  public static final class Table extends JoinExpression {
    @SuppressWarnings("rawtypes")
    private final Class<? extends InputFormat> format;
    private final String path;

    @SuppressWarnings("rawtypes")
    Table(Class<? extends InputFormat> format, String path) {
      this.format = format;
      this.path = path;
    }

    @SuppressWarnings("rawtypes")
    public Class<? extends InputFormat> format() {
      return format;
    }

    public String path() {
      return path;
    }

    @Override
    public List<Table> tables() {
      return List.of(this);
    }

    @Override
    public String toString() {
      return "tbl(" + format.getName() + ",\"" + path + "\")";
    }
  }

  /** A join of two or more expressions by key. */
  public static final class Join extends JoinExpression {
    private final Op op;
    private final List<JoinExpression> children;

    Join(Op op, List<JoinExpression> children) {
      this.op = op;
      this.children = List.copyOf(children);
    }

    public Op op() {
      return op;
    }

    public List<JoinExpression> children() {
      return children;
    }

    @Override
    public List<Table> tables() {
      List<Table> out = new ArrayList<>();
      for (JoinExpression c : children) {
        out.addAll(c.tables());
      }
      return out;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(op.name().toLowerCase(java.util.Locale.ROOT)).append('(');
      for (int i = 0; i < children.size(); i++) {
        b.append(i > 0 ? "," : "").append(children.get(i));
      }
      return b.append(')').toString();
    }
  }

  /**
   * Parses {@code text}, loading the formats through {@code conf}; a malformed expression fails
   * with one sentence naming what was expected where.
   */
  public static JoinExpression parse(String text, Configuration conf) throws IOException {
    if (text == null || text.isBlank()) {
      throw new IOException("no join expression: set " + CompositeInputFormat.JOIN_EXPR
          + " with CompositeInputFormat.compose(...)");
    }
    Reader r = new Reader(text, conf);
    JoinExpression e = r.expression();
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.error("the end of the expression");
    }
    return e;
  }

  /** A recursive-descent reader of one expression string. */
  private static final class Reader {
    private final String text;
    private final Configuration conf;
    /** Confined to the thread parsing the expression. */
    private int pos;

    Reader(String text, Configuration conf) {
      this.text = text;
      this.conf = conf;
    }

    JoinExpression expression() throws IOException {
      int start = skipSpace();
      String name = identifier();
      if (name.isEmpty()) {
        throw error("an operation (inner, outer, override or tbl)");
      }
      expect('(');
      if (name.equals("tbl")) {
        int classAt = skipSpace();
        String className = identifier();
        if (className.isEmpty()) {
          throw error("an input format class name");
        }
        expect(',');
        String path = quoted();
        expect(')');
        return new Table(CompositeInputFormat.inputFormatClass(className, conf, "at position " + classAt + " of join expression " + text), path);
      }
      Op op = Op.named(name);
      if (op == null) {
        pos = start;
        throw new IOException("join expression " + text + ": unknown operation '" + name + "' at position " + start
            + " (expected inner, outer, override or tbl)");
      }
      List<JoinExpression> children = new ArrayList<>();
      children.add(expression());
      while (peek() == ',') {
        pos++;
        children.add(expression());
      }
      expect(')');
      if (children.size() < 2 && op != Op.OVERRIDE) {
        throw new IOException("join expression " + text + ": " + name + " at position " + start
            + " joins only one source; it needs two or more");
      }
      return new Join(op, children);
    }

    int skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      return pos;
    }

    private char peek() {
      skipSpace();
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** A Java name, dots and '$' included: an operation or a class name. */
    private String identifier() {
      int start = pos;
      while (pos < text.length()
          && (Character.isJavaIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private void expect(char c) throws IOException {
      if (peek() != c) {
        throw error("'" + c + "'");
      }
      pos++;
    }

    /** A path in double quotes; paths cannot contain a double quote, as in Hadoop. */
    private String quoted() throws IOException {
      if (peek() != '"') {
        throw error("a path in double quotes");
      }
      int end = text.indexOf('"', pos + 1);
      if (end < 0) {
        throw error("a closing double quote");
      }
      String path = text.substring(pos + 1, end);
      pos = end + 1;
      return path;
    }

    IOException error(String expected) {
      String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end";
      return new IOException("join expression " + text + ": expected " + expected + " at position " + pos
          + " but found " + found);
    }
  }
}
