package io.quern.streaming;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming command as the program's argument vector. No shell runs it (as in Hadoop
 * Streaming): words split at white space, with single quotes (literal), double quotes (where a
 * backslash escapes {@code "} and {@code \}) and a backslash escaping one character outside
 * quotes. The program is looked up first in the task's working directory, where shipped files
 * are ({@code -mapper mapper.py -file mapper.py}), then on the PATH.
 */
public final class CommandLine {
  private CommandLine() {}

  public static List<String> split(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < command.length() && "\"\\".indexOf(command.charAt(i + 1)) >= 0) {
          word.append(command.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < command.length()) {
        word.append(command.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("the command '" + command + "' has an unclosed " + quote + " quote");
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("the command is empty");
    }
    return words;
  }

  /**
   * The executable file a resolved program names: itself when it has a slash, else the first
   * on {@code path}; null when there is none.
   */
  public static String onPath(String program, String path) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? program : null;
    }
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /** {@code argv} with its program resolved against {@code workDir} as the class comment says. */
  public static List<String> resolve(List<String> argv, Path workDir) {
    String program = argv.get(0);
    List<String> out = new ArrayList<>(argv);
    Path p = Path.of(program);
    if (p.isAbsolute()) {
      return out;
    }
    if (program.contains("/")) {
      out.set(0, workDir.resolve(p).toString());
    } else if (Files.isRegularFile(workDir.resolve(program))) {
      out.set(0, workDir.resolve(program).toString());
    }
    return out;
  }
}
