package io.quern.tools.distcp;

import io.quern.fs.Path;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code quern distcp}, Hadoop's names: {@code [-update] [-overwrite] [-m N] [-i] SRC... DST}. */
public record DistCpOptions(List<Path> sources, Path destination, CopyDecision.Mode mode, Integer maps,
    boolean ignoreFailures) {

  /** The options {@code args} give; a bad one is one sentence. */
  public static DistCpOptions parse(String[] args) {
    boolean update = false;
    boolean overwrite = false;
    boolean ignore = false;
    Integer maps = null;
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-update" -> update = true;
        case "-overwrite" -> overwrite = true;
        case "-i" -> ignore = true;
        case "-m" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("-m needs the number of maps");
          }
          try {
            maps = Integer.parseInt(args[++i]);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-m " + args[i] + ": not a number of maps");
          }
          if (maps < 1) {
            throw new IllegalArgumentException("-m " + maps + ": at least one map is needed");
          }
        }
        default -> {
          if (a.startsWith("-") && a.length() > 1) {
            throw new IllegalArgumentException("unknown option " + a + "; run 'quern distcp' for the usage");
          }
          paths.add(a);
        }
      }
    }
    if (update && overwrite) {
      throw new IllegalArgumentException("-update and -overwrite exclude each other");
    }
    if (paths.size() < 2) {
      throw new IllegalArgumentException("distcp needs at least one source and a destination");
    }
    List<Path> sources = paths.subList(0, paths.size() - 1).stream().map(Path::new).toList();
    CopyDecision.Mode mode = update ? CopyDecision.Mode.UPDATE
        : overwrite ? CopyDecision.Mode.OVERWRITE : CopyDecision.Mode.SKIP_EXISTING;
    return new DistCpOptions(sources, new Path(paths.get(paths.size() - 1)), mode, maps, ignore);
  }
}
