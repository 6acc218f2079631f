package io.quern.util;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MRJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hadoop's generic options, taken from the front of the argument list: {@code -D key=value}
 * (or {@code -Dkey=value}), {@code -conf FILE}, {@code -jt local}, {@code -fs URI}, {@code -files
 * F1,F2} (local files every task finds in its working directory). Parsing
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
        // Hadoop's -jt names the JobTracker; here the active master is found through ZooKeeper,
        // so any address means "on the cluster".
        conf.set("mapreduce.framework.name", v.equals("local") ? "local" : io.quern.mapreduce.spi.JobRunners.CLUSTER,
            "-jt option");
        i += 2;
      } else if (a.equals("-files")) {
        addShipFiles(conf, value(args, i, a).split(","));
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

  /**
   * Adds local files to those shipped with the job ({@value MRJobConfig#SHIP_FILES}), as
   * absolute paths: the client uploads them at submission. Each must be a readable regular file
   * and no two may have the same name, since each lands in the task's working directory under it.
   */
  public static void addShipFiles(Configuration conf, String... files) {
    List<String> all = new ArrayList<>(conf.getTrimmedStringCollection(MRJobConfig.SHIP_FILES));
    for (String f : files) {
      if (f.isBlank()) {
        continue;
      }
      Path p = Path.of(f.strip()).toAbsolutePath().normalize();
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw new IllegalArgumentException("cannot ship " + f.strip() + " with the job: "
            + (Files.isDirectory(p) ? "it is a directory" : "no such readable file"));
      }
      for (String other : all) {
        String name = Path.of(other).getFileName().toString();
        if (name.equals(p.getFileName().toString()) && !other.equals(p.toString())) {
          throw new IllegalArgumentException("cannot ship both " + other + " and " + p
              + " with the job: both would be " + name + " in the task's working directory");
        }
      }
      if (!all.contains(p.toString())) {
        all.add(p.toString());
      }
    }
    conf.set(MRJobConfig.SHIP_FILES, String.join(",", all));
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
