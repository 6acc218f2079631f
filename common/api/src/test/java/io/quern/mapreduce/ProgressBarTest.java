package io.quern.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static JobStatusReport status(JobState state, float map, float reduce, int mapsDone, int reducesDone,
      int mapsRunning, int mapsFailed, int reduces) {
    return new JobStatusReport("job_1_0001", "n", "u", 0, state, map, reduce, 20, mapsDone, reduces, reducesDone, 0, 0,
        null, null, mapsRunning, 0, mapsFailed, 0);
  }

  @Test
  void halfwayTheBarIsHalfFullAndTheTimeLeftIsTheTimeSoFar() {
    String line = ProgressBar.line(status(JobState.RUNNING, 1f, 0f, 20, 0, 0, 1, 2), 30_000, 200);
    assertEquals("[############------------]  50% map 20/20 (0 running, 1 failed) reduce 0/2 ETA 0:30", line);
  }

  @Test
  void aMapOnlyJobCountsItsMapsAndStartsWithoutAnEstimate() {
    assertEquals("[------------------------]   0% map 0/20 (4 running) ETA --:--",
        ProgressBar.line(status(JobState.RUNNING, 0f, 0f, 0, 0, 4, 0, 0), 1_000, 200));
    assertEquals("[######------------------]  25% map 5/20 (4 running) ETA 1:00:00",
        ProgressBar.line(status(JobState.RUNNING, 0.25f, 0f, 5, 0, 4, 0, 0), 1_200_000, 200));
  }

  @Test
  void theEndSaysHowTheJobEndedAndTheLineNeverOutgrowsTheTerminal() {
    String done = ProgressBar.line(status(JobState.SUCCEEDED, 1f, 1f, 20, 2, 0, 0, 2), 65_000, 200);
    assertEquals("[########################] 100% map 20/20 reduce 2/2 succeeded in 1:05", done);
    String narrow = ProgressBar.line(status(JobState.RUNNING, 0.5f, 0f, 10, 0, 3, 2, 2), 5_000, 40);
    assertEquals(40, narrow.length());
    assertTrue(narrow.startsWith("[######"), narrow);
  }
}
