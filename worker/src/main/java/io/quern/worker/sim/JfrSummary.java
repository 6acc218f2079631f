package io.quern.worker.sim;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a recorded process spent its CPU: the execution samples of a flight recording counted
 * by thread, by the method on top of the stack, and by the first Quern method on the stack (the
 * code that led there). {@code JfrSummary FILE.jfr [TOP]}.
 */
public final class JfrSummary {
  private JfrSummary() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: JfrSummary FILE.jfr [TOP]");
      System.exit(2);
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> topFrames = new HashMap<>();
    Map<String, Integer> quernFrames = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      samples++;
      String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = st.getFrames();
      topFrames.merge(name(frames.get(0)), 1, Integer::sum);
      for (RecordedFrame f : frames) {
        if (f.getMethod().getType().getName().startsWith("io.quern.")) {
          quernFrames.merge(name(f), 1, Integer::sum);
          break;
        }
      }
    }
    System.out.println(samples + " execution samples");
    print("threads", threads, samples, top);
    print("top of stack", topFrames, samples, top);
    print("first Quern method on the stack", quernFrames, samples, top);
  }

  private static String name(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int total, int top) {
    System.out.println();
    System.out.println(title + ":");
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
  }
}
