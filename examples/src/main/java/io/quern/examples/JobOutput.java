package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a finished job's text output back, for the examples that print a result computed from it. */
final class JobOutput {
  private JobOutput() {}

  /**
   * The lines of every {@code part-*} file of {@code dir}, file after file in name order: all
   * reduces' output, so a result does not depend on the job having had only one.
   */
  static List<String> lines(Path dir, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] parts = fs.globStatus(new Path(dir, "part-*"));
    if (parts == null || parts.length == 0) {
      throw new IOException("no output files (part-*) in " + dir);
    }
    List<String> lines = new ArrayList<>();
    for (FileStatus part : parts) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** Sums, per key, the numbers of {@code key TAB number} lines. */
  static java.util.Map<String, Long> sums(Path dir, Configuration conf) throws IOException {
    java.util.Map<String, Long> sums = new java.util.HashMap<>();
    for (String line : lines(dir, conf)) {
      int tab = line.lastIndexOf('\t');
      if (tab < 0) {
        throw new IOException("not a key<TAB>number line in the output of " + dir + ": " + line);
      }
      sums.merge(line.substring(0, tab), Long.parseLong(line.substring(tab + 1).strip()), Long::sum);
    }
    return sums;
  }
}
