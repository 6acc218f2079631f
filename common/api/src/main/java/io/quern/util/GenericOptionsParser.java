package io.quern.util;

import io.quern.conf.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hadoop's generic options, taken from the front of the argument list: {@code -D key=value}
 * (or {@code -Dkey=value}), {@code -conf FILE}, {@code -jt local}, {@code -fs URI}. Parsing
 * stops at the first argument that is not a generic option, so a command's own {@code -D}
 * stays its own.
 */
public class GenericOptionsParser {
  private final Configuration conf;
  private final String[] remaining;

  public GenericOptionsParser(Configuration conf, String[] args) {
    this.conf = conf;
    this.remaining = parse(args);
  }

  public GenericOptionsParser(String[] args) {
    this(new Configuration(), args);
  }

  public Configuration getConfiguration() {
    return conf;
  }

  public String[] getRemainingArgs() {
    return remaining.clone();
  }

  private String[] parse(String[] args) {
    int i = 0;
    while (i < args.length) {
      String a = args[i];
      if (a.equals("-D") || a.equals("--define")) {
        define(value(args, i, a));
        i += 2;
      } else if (a.startsWith("-D") && a.length() > 2) {
        define(a.substring(2));
        i += 1;
      } else if (a.equals("-conf")) {
        Path file = Path.of(value(args, i, a));
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("-conf " + file + ": no such file");
        }
        conf.addResource(file);
        i += 2;
      } else if (a.equals("-fs")) {
        conf.set("fs.defaultFS", value(args, i, a), "-fs option");
        i += 2;
      } else if (a.equals("-jt")) {
        String v = value(args, i, a);
        conf.set("mapreduce.framework.name", v.equals("local") ? "local" : "quern", "-jt option");
        i += 2;
      } else if (a.equals("--")) {
        i += 1;
        break;
      } else {
        break;
      }
    }
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(i, args.length));
    return rest.toArray(new String[0]);
  }

  private static String value(String[] args, int i, String option) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return args[i + 1];
  }

  private void define(String kv) {
    int eq = kv.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("-D expects key=value, got '" + kv + "'");
    }
    conf.set(kv.substring(0, eq).trim(), kv.substring(eq + 1), "-D option");
  }
}
