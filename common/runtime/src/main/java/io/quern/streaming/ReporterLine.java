package io.quern.streaming;

/**
 * A stderr line by which a streaming program talks to the framework, as in Hadoop Streaming:
 * {@code reporter:counter:GROUP,COUNTER,AMOUNT} adds to a counter, {@code reporter:status:MESSAGE}
 * sets the task's status. Any other line is the program's own stderr.
 */
public sealed interface ReporterLine {
  record Counter(String group, String name, long amount) implements ReporterLine {}

  record Status(String message) implements ReporterLine {}

  /** A line with the prefix that says nothing the framework understands; {@code reason} says why. */
  record Malformed(String reason) implements ReporterLine {}

  /** What {@code line} tells the framework, or null when it is the program's own output. */
  static ReporterLine parse(String line, String prefix) {
    if (!line.startsWith(prefix)) {
      return null;
    }
    String rest = line.substring(prefix.length());
    if (rest.startsWith("status:")) {
      return new Status(rest.substring("status:".length()));
    }
    if (!rest.startsWith("counter:")) {
      return null;
    }
    String[] parts = rest.substring("counter:".length()).split(",", -1);
    if (parts.length != 3) {
      return new Malformed("a counter line must be " + prefix + "counter:GROUP,COUNTER,AMOUNT");
    }
    String group = parts[0].strip();
    String name = parts[1].strip();
    if (group.isEmpty() || name.isEmpty()) {
      return new Malformed("a counter needs a group and a name");
    }
    try {
      return new Counter(group, name, Long.parseLong(parts[2].strip()));
    } catch (NumberFormatException e) {
      return new Malformed("the amount '" + parts[2].strip() + "' is not a whole number");
    }
  }
}
