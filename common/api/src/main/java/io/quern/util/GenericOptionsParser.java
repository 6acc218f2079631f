package io.quern.util;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.filecache.ArchiveFormat;
import io.quern.mapreduce.filecache.CacheEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hadoop's generic options, taken from the front of the argument list: {@code -D key=value}
 * (or {@code -Dkey=value}), {@code -conf FILE}, {@code -jt local}, {@code -fs URI}, {@code -files
 * F1[#name],F2} (files every task finds in its working directory), {@code -archives A[#name],...}
 * (archives unpacked there), {@code -libjars J1,J2} (jars on the tasks' class path). Parsing
 * stops at the first argument that is not a generic option, so a command's own {@code -D}
 * stays its own.
 */
public class GenericOptionsParser {
  private final Configuration conf;
  /** Immutable: filled by the constructor, handed out as copies. */
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
        conf.set(FileSystem.FS_DEFAULT_NAME_KEY, value(args, i, a), "-fs option");
        i += 2;
      } else if (a.equals("-jt")) {
        String v = value(args, i, a);
        // Hadoop's -jt names the JobTracker; here the active master is found through ZooKeeper,
        // so any address means "on the cluster".
        conf.set(MRJobConfig.FRAMEWORK_NAME, v.equals("local") ? "local" : io.quern.mapreduce.spi.JobRunners.CLUSTER,
            "-jt option");
        i += 2;
      } else if (a.equals("-files")) {
        addShipFiles(conf, value(args, i, a).split(","));
        i += 2;
      } else if (a.equals("-libjars")) {
        addShipJars(conf, value(args, i, a).split(","));
        useLocalJars(conf);
        i += 2;
      } else if (a.equals("-archives")) {
        addShipArchives(conf, value(args, i, a).split(","));
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
   * Adds files to those shipped with the job ({@value MRJobConfig#SHIP_FILES}, Hadoop's
   * {@code -files}): each {@code FILE[#name]} a local file, uploaded at submission, or a
   * {@code qfs:}/{@code hdfs:} URI used in place; every task finds it in its working directory as
   * {@code name}, else under its own name. A local file must be a readable regular file, and no
   * two entries may take the same name.
   */
  public static void addShipFiles(Configuration conf, String... files) {
    addShipped(conf, MRJobConfig.SHIP_FILES, "ship", files);
  }

  /** Adds archives (.zip, .jar, .tar, .tar.gz, .tgz), unpacked in each task's working directory ({@code -archives}). */
  public static void addShipArchives(Configuration conf, String... archives) {
    addShipped(conf, MRJobConfig.SHIP_ARCHIVES, "ship", archives);
  }

  /** Adds jars to the tasks' class path ({@code -libjars}). */
  public static void addShipJars(Configuration conf, String... jars) {
    addShipped(conf, MRJobConfig.SHIP_JARS, "put on the tasks' class path", jars);
  }

  private static void addShipped(Configuration conf, String key, String verb, String... specs) {
    List<String> all = new ArrayList<>(conf.getTrimmedStringCollection(key));
    for (String spec : specs) {
      if (spec.isBlank()) {
        continue;
      }
      CacheEntry e = shipped(spec.strip(), verb);
      if (key.equals(MRJobConfig.SHIP_ARCHIVES)) {
        ArchiveFormat.require(e.source().getPath(), shown(e));
      }
      for (String other : all) {
        CacheEntry o = CacheEntry.parse(other);
        if (o.linkName().equals(e.linkName()) && !o.equals(e)) {
          throw new IllegalArgumentException("cannot ship both " + shown(o) + " and " + shown(e)
              + " with the job: both would be " + e.linkName() + " in the task's working directory");
        }
      }
      if (!all.contains(e.toSpec())) {
        all.add(e.toSpec());
      }
    }
    conf.set(key, String.join(",", all));
  }

  /**
   * Puts the local {@code -libjars} on this JVM's class path too, as Hadoop does: the client
   * may need their classes (a streaming job's Java mapper named by its class, a format).
   */
  private static void useLocalJars(Configuration conf) {
    List<java.net.URL> urls = new ArrayList<>();
    for (String jar : conf.getTrimmedStringCollection(MRJobConfig.SHIP_JARS)) {
      java.net.URI uri = CacheEntry.parse(jar).source();
      if ("file".equals(uri.getScheme())) {
        try {
          urls.add(uri.toURL());
        } catch (java.net.MalformedURLException e) {
          throw new IllegalArgumentException("cannot use the jar " + uri.getPath() + ": " + e.getMessage());
        }
      }
    }
    if (!urls.isEmpty()) {
      // One loader for both: a job copies the configuration without its loader and falls back on the thread's.
      ClassLoader loader = new java.net.URLClassLoader(urls.toArray(new java.net.URL[0]), conf.getClassLoader());
      conf.setClassLoader(loader);
      Thread.currentThread().setContextClassLoader(loader);
    }
  }

  /** {@code FILE[#name]}: a URI with a scheme, or a local path made absolute and checked. */
  private static CacheEntry shipped(String spec, String verb) {
    if (SCHEME.matcher(spec).lookingAt() && !spec.regionMatches(true, 0, "file:", 0, 5)) {
      return CacheEntry.parse(spec); // in the DFS: checked at submission, where the DFS is reached
    }
    CacheEntry asUri = null;
    String local = spec;
    String name = null;
    if (SCHEME.matcher(spec).lookingAt()) {
      asUri = CacheEntry.parse(spec);
      local = asUri.source().getPath();
      name = asUri.named() ? asUri.linkName() : null;
    } else {
      int hash = spec.lastIndexOf('#');
      if (hash >= 0) {
        local = spec.substring(0, hash);
        name = spec.substring(hash + 1);
      }
    }
    Path p = Path.of(local).toAbsolutePath().normalize();
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new IllegalArgumentException("cannot " + verb + " " + local + " with the job: "
          + (Files.isDirectory(p) ? "it is a directory" : "no such readable file"));
    }
    CacheEntry e = CacheEntry.parse(p.toUri().toString());
    return name == null ? e : new CacheEntry(e.source(), name);
  }

  private static String shown(CacheEntry e) {
    String where = "file".equals(e.source().getScheme()) ? e.source().getPath() : e.source().toString();
    return e.named() ? where + "#" + e.linkName() : where;
  }

  private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");

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
