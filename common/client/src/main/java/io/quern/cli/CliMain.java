package io.quern.cli;

import io.quern.conf.ConfigurationException;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;

/**
 * Runs a command-line tool the way users expect: one sentence on stderr for an error,
 * the stack trace only with {@code --debug} (system property quern.debug).
 */
public final class CliMain {
  private CliMain() {}

  public static int run(String name, Tool tool, String[] args) {
    try {
      return ToolRunner.run(tool, args);
    } catch (ConfigurationException | IllegalArgumentException e) {
      return fail(name, e.getMessage(), e);
    } catch (Exception e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return fail(name, msg, e);
    }
  }

  private static int fail(String name, String message, Throwable e) {
    System.err.println(name + ": " + message);
    if (Boolean.getBoolean("quern.debug")) {
      e.printStackTrace();
    }
    return 1;
  }
}
