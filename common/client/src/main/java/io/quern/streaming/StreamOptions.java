package io.quern.streaming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of {@code quern streaming} (see {@link StreamJob}), checked; a bad one is one sentence. */
record StreamOptions(List<String> inputs, String output, String mapper, String combiner, String reducer,
    List<String> files, List<String> cacheFiles, List<String> cacheArchives, List<String> cmdenv, String inputFormat, String outputFormat, String partitioner,
    Integer numReduceTasks, Map<String, String> jobconf) {

  static StreamOptions parse(String[] args) {
    List<String> inputs = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<String> cacheFiles = new ArrayList<>();
    List<String> cacheArchives = new ArrayList<>();
    List<String> cmdenv = new ArrayList<>();
    Map<String, String> jobconf = new LinkedHashMap<>();
    String output = null;
    String mapper = null;
    String combiner = null;
    String reducer = null;
    String inputFormat = null;
    String outputFormat = null;
    String partitioner = null;
    Integer reduces = null;
    for (int i = 0; i < args.length; i++) {
      String opt = args[i];
      if (opt.equals("-verbose") || opt.equals("-debug")) {
        continue;
      }
      if (opt.equals("-D") || opt.startsWith("-D") || opt.equals("-conf") || opt.equals("-jt")
          || opt.equals("-files") || opt.equals("-archives") || opt.equals("-libjars") || opt.equals("-fs")) {
        throw new IllegalArgumentException(opt + " is a generic option: put it before the streaming options");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(known(opt) ? "option " + opt + " needs a value"
            : "unknown option " + opt + "; run 'quern streaming -help' for the options");
      }
      String v = args[++i];
      switch (opt) {
        case "-input" -> inputs.add(v);
        case "-output" -> output = once(opt, output, v);
        case "-mapper" -> mapper = once(opt, mapper, v);
        case "-combiner" -> combiner = once(opt, combiner, v);
        case "-reducer" -> reducer = once(opt, reducer, v);
        case "-file" -> files.add(v);
        case "-cacheFile" -> cacheFiles.add(v);
        case "-cacheArchive" -> cacheArchives.add(v);
        case "-cmdenv" -> {
          if (v.indexOf('=') <= 0 || v.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("-cmdenv expects NAME=VALUE without spaces, got '" + v + "'");
          }
          cmdenv.add(v);
        }
        case "-inputformat" -> inputFormat = once(opt, inputFormat, v);
        case "-outputformat" -> outputFormat = once(opt, outputFormat, v);
        case "-partitioner" -> partitioner = once(opt, partitioner, v);
        case "-numReduceTasks" -> {
          try {
            reduces = Integer.parseInt(v.strip());
          } catch (NumberFormatException e) {
            reduces = -1;
          }
          if (reduces < 0) {
            throw new IllegalArgumentException("-numReduceTasks expects a number of reduces (0 or more), got '" + v
                + "'");
          }
        }
        case "-jobconf" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("-jobconf expects key=value, got '" + v + "'");
          }
          jobconf.put(v.substring(0, eq).strip(), v.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + opt
            + "; run 'quern streaming -help' for the options");
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("-input is required");
    }
    if (output == null) {
      throw new IllegalArgumentException("-output is required");
    }
    if (mapper == null || mapper.isBlank()) {
      throw new IllegalArgumentException("-mapper is required");
    }
    if (reducer != null && reducer.isBlank()) {
      throw new IllegalArgumentException("-reducer needs a command, a class or NONE");
    }
    return new StreamOptions(List.copyOf(inputs), output, mapper.strip(), combiner, reducer == null ? null
        : reducer.strip(), List.copyOf(files), List.copyOf(cacheFiles), List.copyOf(cacheArchives), List.copyOf(cmdenv), inputFormat, outputFormat, partitioner, reduces,
        jobconf);
  }

  private static boolean known(String opt) {
    return List.of("-input", "-output", "-mapper", "-combiner", "-reducer", "-file", "-cacheFile", "-cacheArchive", "-cmdenv", "-inputformat",
        "-outputformat", "-partitioner", "-numReduceTasks", "-jobconf").contains(opt);
  }

  private static String once(String opt, String old, String v) {
    if (old != null) {
      throw new IllegalArgumentException(opt + " given twice");
    }
    return v;
  }
}
