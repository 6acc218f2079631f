package io.quern.cli;

import io.quern.conf.Configuration;
import io.quern.util.GenericOptionsParser;

/**
 * {@code quern getconf KEY...} prints configuration values, one per line. With
 * {@code --shell VAR=key...} it prints shell assignments that the bin/ scripts eval.
 */
public final class GetConf {
  private GetConf() {}

  public static void main(String[] args) {
    try {
      Configuration conf = new Configuration();
      String[] rest = new GenericOptionsParser(conf, args).getRemainingArgs();
      System.exit(run(conf, rest));
    } catch (RuntimeException e) {
      System.err.println("getconf: " + e.getMessage());
      System.exit(1);
    }
  }

  static int run(Configuration conf, String[] args) {
    if (args.length == 0) {
      System.err.println("Usage: quern getconf KEY... | --shell VAR=KEY...");
      return 1;
    }
    boolean shell = args[0].equals("--shell");
    for (int i = shell ? 1 : 0; i < args.length; i++) {
      if (shell) {
        int eq = args[i].indexOf('=');
        if (eq <= 0 || !args[i].substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
          System.err.println("getconf: --shell expects VAR=key, got '" + args[i] + "'");
          return 1;
        }
        String value = conf.get(args[i].substring(eq + 1), "");
        System.out.println(args[i].substring(0, eq) + "='" + value.replace("'", "'\\''") + "'");
      } else {
        String value = conf.get(args[i]);
        System.out.println(value == null ? "" : value);
      }
    }
    return 0;
  }
}
