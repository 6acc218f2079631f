package io.quern.conf;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the {@code ${var}}s of a configuration value, as Hadoop does: {@code ${env.NAME}} from
 * the environment, else a Java system property, else another key's value as written; an
 * undefined variable stays as written, and a chain deeper than {@value #MAX_SUBSTITUTIONS}
 * fails as a probable cycle. It is separate because the lookup order and the cycle bound are
 * one rule that every getter of {@link Configuration} goes through, and it holds no state.
 */
final class VariableExpander {
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}$\\s]+)}");
  static final int MAX_SUBSTITUTIONS = 20;

  private VariableExpander() {}

  /**
   * {@code value} expanded; {@code rawValue} gives another key's value as written (null when
   * unset), {@code whereSet} the " in file" part of the error about key {@code name}.
   */
  static String expand(String name, String value, Function<String, String> rawValue, Supplier<String> whereSet) {
    String expr = value;
    for (int i = 0; i < MAX_SUBSTITUTIONS; i++) {
      Matcher m = VAR.matcher(expr);
      if (!m.find()) {
        return expr;
      }
      String var = m.group(1);
      String replacement = lookup(var, rawValue);
      if (replacement == null) {
        return expr; // an undefined variable stays as written, like Hadoop
      }
      expr = expr.substring(0, m.start()) + replacement + expr.substring(m.end());
    }
    throw new ConfigurationException("Variable expansion of " + name + whereSet.get()
        + " goes deeper than " + MAX_SUBSTITUTIONS + " levels (a cycle?): '" + value + "'");
  }

  private static String lookup(String var, Function<String, String> rawValue) {
    if (var.startsWith("env.")) {
      return System.getenv(var.substring(4));
    }
    String sys = System.getProperty(var);
    if (sys != null) {
      return sys;
    }
    return rawValue.apply(var);
  }
}
