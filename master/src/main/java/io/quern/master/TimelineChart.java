package io.quern.master;

import io.quern.mapreduce.history.AttemptSummary;
import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.history.JobSummary;
import io.quern.mapreduce.history.TaskSummary;
import io.quern.http.Html;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's attempts as an SVG Gantt chart: one row per slot a worker used (attempts that
 * overlapped on a worker take separate rows), time across; maps and reduces in two colours, the
 * cleanup in grey, failed or killed attempts outlined in red. Each bar's tooltip names the
 * attempt. Plain SVG in the page, no script.
 */
final class TimelineChart {
  static final String MAP_COLOUR = "#3b76b0";
  static final String REDUCE_COLOUR = "#e08a2c";
  private static final int LABEL_WIDTH = 230;
  private static final int PLOT_WIDTH = 760;
  private static final int ROW = 16;
  private static final int TOP = 24;

  /** One row of the chart: a worker's slot and the attempts it ran, in order. */
  record Lane(String worker, int slot, List<AttemptSummary> attempts) {}

  private TimelineChart() {}

  /**
   * Packs attempts into rows: per worker, each attempt (by start time) goes into the first row
   * free at its start, so a row is a slot's history. Running attempts end at {@code now}.
   */
  static List<Lane> lanes(List<AttemptSummary> attempts, long now) {
    List<AttemptSummary> sorted = new ArrayList<>(attempts);
    sorted.removeIf(a -> a.startMillis() <= 0);
    sorted.sort(Comparator.comparingLong(AttemptSummary::startMillis));
    Map<String, List<Lane>> byWorker = new LinkedHashMap<>();
    Map<Lane, Long> freeAt = new java.util.IdentityHashMap<>();
    for (AttemptSummary a : sorted) {
      List<Lane> lanes = byWorker.computeIfAbsent(a.worker(), w -> new ArrayList<>());
      Lane target = null;
      for (Lane l : lanes) {
        if (freeAt.get(l) <= a.startMillis()) {
          target = l;
          break;
        }
      }
      if (target == null) {
        target = new Lane(a.worker(), lanes.size(), new ArrayList<>());
        lanes.add(target);
      }
      target.attempts().add(a);
      freeAt.put(target, end(a, now));
    }
    List<Lane> out = new ArrayList<>();
    new java.util.TreeMap<>(byWorker).values().forEach(out::addAll);
    return out;
  }

  private static long end(AttemptSummary a, long now) {
    return a.finishMillis() > 0 ? a.finishMillis() : Math.max(a.startMillis(), now);
  }

  static Html.Fragment svg(List<AttemptSummary> attempts, long now) {
    List<Lane> lanes = lanes(attempts, now);
    if (lanes.isEmpty()) {
      return new Html.Fragment("<p><i>no attempt has started yet</i></p>");
    }
    long t0 = Long.MAX_VALUE;
    long t1 = Long.MIN_VALUE;
    for (Lane l : lanes) {
      for (AttemptSummary a : l.attempts()) {
        t0 = Math.min(t0, a.startMillis());
        t1 = Math.max(t1, end(a, now));
      }
    }
    double span = Math.max(1, t1 - t0);
    int height = TOP + lanes.size() * ROW + 8;
    int width = LABEL_WIDTH + PLOT_WIDTH + 10;
    StringBuilder s = new StringBuilder();
    s.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">", width, height));
    // Time axis: five ticks, seconds since the first attempt started.
    for (int i = 0; i <= 5; i++) {
      double x = LABEL_WIDTH + PLOT_WIDTH * i / 5.0;
      s.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>", x, TOP - 4, x,
          height - 6));
      s.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, TOP - 8,
          Html.escape(Html.duration(Math.round(span * i / 5)))));
    }
    int row = 0;
    for (Lane l : lanes) {
      int y = TOP + row * ROW;
      s.append(String.format("<text x=\"4\" y=\"%d\">%s</text>", y + 11,
          Html.escape(l.worker() + " #" + l.slot())));
      for (AttemptSummary a : l.attempts()) {
        double x = LABEL_WIDTH + PLOT_WIDTH * (a.startMillis() - t0) / span;
        double w = Math.max(1.5, PLOT_WIDTH * (end(a, now) - a.startMillis()) / span);
        String fill = switch (a.type()) {
          case "map" -> MAP_COLOUR;
          case "reduce" -> REDUCE_COLOUR;
          default -> "#999";
        };
        boolean bad = a.state().equals("FAILED") || a.state().equals("KILLED");
        s.append(String.format("<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"%s>",
            a.type(), x, y + 2, w, ROW - 4, fill, bad ? " stroke=\"#c00\" stroke-width=\"2\" fill-opacity=\"0.5\"" : ""));
        s.append("<title>").append(Html.escape(a.id() + " " + a.state() + " "
            + Html.duration(end(a, now) - a.startMillis()))).append("</title></rect>");
      }
      row++;
    }
    s.append("</svg>");
    return new Html.Fragment(s.toString());
  }
}
