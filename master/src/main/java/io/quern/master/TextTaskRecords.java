package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the finished-task records earlier masters wrote as text, so that a store of theirs
 * still recovers: a batch is paragraphs of {@code task=TASK_ID} then {@code key=value} lines
 * ({@code attempt}, {@code worker}, {@code shuffle}, {@code start}, {@code finish}, {@code
 * locality}, and {@code counter=GROUP<TAB>NAME<TAB>VALUE} lines), one per task; before batches,
 * one znode per task held one such record without its {@code task=} line. Lenient as the masters
 * that read it were: a line it does not know is skipped, a record without attempt or worker dropped.
 */
final class TextTaskRecords {
  private static final String TASK_LINE = "task=";
  private static final byte[] TASK_LINE_BYTES = TASK_LINE.getBytes(StandardCharsets.US_ASCII);

  private TextTaskRecords() {}

  /** Whether a batch znode's data is of the text form. */
  static boolean isTextBatch(byte[] data) {
    return java.util.Arrays.equals(data, 0, Math.min(data.length, TASK_LINE_BYTES.length), TASK_LINE_BYTES, 0,
        TASK_LINE_BYTES.length);
  }

  /** The records of a text batch, in the order written. */
  static List<TaskRecord> decodeBatch(String text) {
    List<TaskRecord> out = new ArrayList<>();
    for (String paragraph : text.split("\n\n")) {
      String p = paragraph.strip();
      if (!p.startsWith(TASK_LINE)) {
        continue;
      }
      int eol = p.indexOf('\n');
      if (eol < 0) {
        continue;
      }
      TaskRecord r = decode(p.substring(TASK_LINE.length(), eol).strip(), p.substring(eol + 1));
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** One task's record (its lines after {@code task=}); null when it names no attempt or worker. */
  static TaskRecord decode(String taskId, String text) {
    String attempt = null;
    String worker = null;
    String shuffle = null;
    long start = 0;
    long finish = 0;
    String locality = null;
    Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String v = line.substring(eq + 1).strip();
      switch (line.substring(0, eq)) {
        case "attempt" -> attempt = v;
        case "worker" -> worker = v;
        case "shuffle" -> shuffle = v.isEmpty() ? null : v;
        case "start" -> start = number(v);
        case "finish" -> finish = number(v);
        case "locality" -> locality = v.isEmpty() ? null : v;
        case "counter" -> {
          String[] parts = line.substring(eq + 1).split("\t");
          if (parts.length == 3) {
            counters.computeIfAbsent(parts[0], g -> new LinkedHashMap<>()).put(parts[1], number(parts[2]));
          }
        }
        default -> { }
      }
    }
    return attempt == null || worker == null ? null
        : new TaskRecord(taskId, attempt, worker, shuffle, start, finish, locality, new CountersSnapshot(counters));
  }

  /** A number of a record, or 0 where a damaged record has none: times and counts only inform. */
  private static long number(String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
