package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.CountersSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TaskRecordCodecTest {
  private static final String JOB = "job_20261201093000e3_0007";
  private static final String TASK_PREFIX = "task_20261201093000e3_0007_";

  /** A record of the job's task {@code type}_{@code n} (m, r or c), attempt {@code attempt}. */
  private static TaskRecord record(String type, int n, int attempt, String worker, CountersSnapshot counters) {
    String task = TASK_PREFIX + type + "_" + String.format("%06d", n);
    return new TaskRecord(task, task.replace("task_", "attempt_") + "_" + attempt, worker,
        type.equals("m") ? worker + ":9050" : null, 1_764_581_400_000L + n * 7L, 1_764_581_400_000L + n * 7L + 3_250,
        type.equals("m") ? (n % 3 == 0 ? "NODE" : "RACK") : null, counters);
  }

  private static CountersSnapshot counters(Map<String, Map<String, Long>> groups) {
    return new CountersSnapshot(groups);
  }

  private static List<TaskRecord> roundTrip(List<TaskRecord> records) throws IOException {
    TaskRecordCodec.Batch b = new TaskRecordCodec.Encoder(JOB).batch();
    records.forEach(b::add);
    return new TaskRecordCodec.Decoder(JOB).decode(b.toBytes());
  }

  @Test
  void recordsWithManyCountersComeBackWhole() throws IOException {
    Map<String, Map<String, Long>> groups = new TreeMap<>();
    long[] edge = {1, -1, 127, 128, -129, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};
    for (int g = 0; g < 5; g++) {
      Map<String, Long> values = new TreeMap<>();
      for (int c = 0; c < 100; c++) {
        long v = edge[c % edge.length] * (c + 1);
        values.put("COUNTER_" + c + (c % 7 == 0 ? " with spaces, tabs\tand ünïcödé" : ""), v == 0 ? c + 1 : v);
      }
      groups.put("group.number." + g, values);
    }
    List<TaskRecord> records = new ArrayList<>();
    for (int n = 0; n < 50; n++) {
      records.add(record("m", n, 3000 + n % 2, "worker-h" + (n % 4) + "-9040", counters(groups)));
    }
    records.add(record("r", 0, 3000, "worker-h1-9040", counters(groups)));
    records.add(record("c", 0, 3001, "worker-h2-9040", CountersSnapshot.EMPTY));
    // Not of this job, or not canonical: carried as text.
    records.add(new TaskRecord("task_other_0001_m_000001", "attempt_other_0001_m_000001_0", "w", null, 0, 0, null,
        CountersSnapshot.EMPTY));
    records.add(new TaskRecord(TASK_PREFIX + "m_000001", "not an attempt id", "w", "", -5, -10, "ELSEWHERE", null));
    assertEquals(records, roundTrip(records));
  }

  @Test
  void zeroCountersAreLeftOutAndNothingElse() throws IOException {
    CountersSnapshot written = counters(Map.of("g1", Map.of("ZERO", 0L, "ONE", 1L), "g2", Map.of("ZERO", 0L)));
    TaskRecord back = roundTrip(List.of(record("m", 0, 0, "w", written))).get(0);
    assertEquals(counters(Map.of("g1", Map.of("ONE", 1L))), back.counters());
  }

  /** Names are defined once per job: the batches after the first refer to them. */
  @Test
  void laterBatchesOfAJobReuseItsNames() throws IOException {
    CountersSnapshot c = counters(Map.of("io.quern.mapreduce.TaskCounter", Map.of("MAP_INPUT_RECORDS", 1000L,
        "MAP_OUTPUT_RECORDS", 1000L), "io.quern.mapreduce.FileSystemCounter", Map.of("BYTES_READ", 100_000L)));
    TaskRecordCodec.Encoder encoder = new TaskRecordCodec.Encoder(JOB);
    TaskRecordCodec.Decoder decoder = new TaskRecordCodec.Decoder(JOB);
    int[] sizes = new int[2];
    for (int batch = 0; batch < 2; batch++) {
      TaskRecordCodec.Batch b = encoder.batch();
      List<TaskRecord> records = new ArrayList<>();
      for (int n = 0; n < 100; n++) {
        records.add(record("m", batch * 100 + n, 0, "worker-h" + (n % 10) + "-9040", c));
      }
      records.forEach(b::add);
      byte[] bytes = b.toBytes();
      encoder.written(b);
      sizes[batch] = bytes.length;
      assertEquals(records, decoder.decode(bytes));
    }
    assertTrue(sizes[1] < sizes[0], "the second batch defines no names: " + sizes[1] + " vs " + sizes[0] + " bytes");
    assertTrue(sizes[1] / 100 <= 32, sizes[1] / 100 + " bytes per record");
  }

  /**
   * A write that failed (not stored), failed after all (stored, its answer lost) or was stored
   * twice (retried): the batches after it still read back as written.
   */
  @Test
  void aBatchLeansOnlyOnBatchesItsWriterSawWritten() throws IOException {
    for (String fate : List.of("lost", "stored though reported failed", "stored twice")) {
      TaskRecordCodec.Encoder encoder = new TaskRecordCodec.Encoder(JOB);
      List<byte[]> stored = new ArrayList<>();
      List<TaskRecord> expected = new ArrayList<>();
      for (int batch = 0; batch < 4; batch++) {
        TaskRecordCodec.Batch b = encoder.batch();
        List<TaskRecord> records = List.of(record("m", batch * 2, 0, "worker-" + batch, CountersSnapshot.EMPTY),
            record("m", batch * 2 + 1, 0, "worker-0", counters(Map.of("g" + batch, Map.of("C", batch + 1L)))));
        records.forEach(b::add);
        byte[] bytes = b.toBytes();
        boolean reportedWritten = batch != 1 || fate.equals("stored twice");
        boolean isStored = batch != 1 || !fate.equals("lost");
        if (isStored) {
          stored.add(bytes);
          expected.addAll(records);
          if (batch == 1 && fate.equals("stored twice")) {
            stored.add(bytes);
            expected.addAll(records);
          }
        }
        if (reportedWritten) {
          encoder.written(b);
        } else {
          encoder.notWritten();
        }
      }
      TaskRecordCodec.Decoder decoder = new TaskRecordCodec.Decoder(JOB);
      List<TaskRecord> read = new ArrayList<>();
      for (byte[] bytes : stored) {
        read.addAll(decoder.decode(bytes));
      }
      assertEquals(expected, read, fate);
    }
  }

  /**
   * Damaged data fails with one IOException saying what is wrong, never another exception; the
   * batches after a damaged one that use its names fail too, and a fresh one reads again.
   */
  @Test
  void garbageFailsWithOneClearIOException() throws IOException {
    TaskRecordCodec.Encoder encoder = new TaskRecordCodec.Encoder(JOB);
    CountersSnapshot c = counters(Map.of("g", Map.of("A", 5L, "B", 300L)));
    TaskRecordCodec.Batch first = encoder.batch();
    first.add(record("m", 0, 0, "w0", c));
    first.add(record("m", 1, 0, "w1", c));
    byte[] valid = first.toBytes();
    encoder.written(first);
    TaskRecordCodec.Batch second = encoder.batch();
    second.add(record("m", 2, 0, "w1", c));
    byte[] leaning = second.toBytes();

    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] bad = i % 3 == 0 ? java.util.Arrays.copyOf(valid, random.nextInt(valid.length))
          : i % 3 == 1 ? flip(valid, random) : randomBytes(random);
      try {
        List<TaskRecord> read = new TaskRecordCodec.Decoder(JOB).decode(bad);
        assertTrue(read.size() <= 2, "a damaged batch read as " + read.size() + " records");
      } catch (IOException e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
      }
    }
    IOException truncated = assertThrows(IOException.class,
        () -> new TaskRecordCodec.Decoder(JOB).decode(java.util.Arrays.copyOf(valid, valid.length - 3)));
    assertTrue(truncated.getMessage().contains("ends in the middle of a record"), truncated.getMessage());
    IOException newer = assertThrows(IOException.class, () -> new TaskRecordCodec.Decoder(JOB).decode(new byte[] {2, 0, 0}));
    assertTrue(newer.getMessage().contains("newer master"), newer.getMessage());
    IOException text = assertThrows(IOException.class,
        () -> new TaskRecordCodec.Decoder(JOB).decode("hello".getBytes(StandardCharsets.UTF_8)));
    assertTrue(text.getMessage().contains("neither binary nor the text"), text.getMessage());
    byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
    assertThrows(IOException.class, () -> new TaskRecordCodec.Decoder(JOB).decode(trailing));

    // After a damaged batch, one leaning on its names fails rather than reading wrong names...
    TaskRecordCodec.Decoder decoder = new TaskRecordCodec.Decoder(JOB);
    assertThrows(IOException.class, () -> decoder.decode(java.util.Arrays.copyOf(valid, valid.length - 1)));
    IOException after = assertThrows(IOException.class, () -> decoder.decode(leaning));
    assertTrue(after.getMessage().contains("earlier batch that could not be read"), after.getMessage());
    // ...and a fresh batch (a new leader's, or the one after a failed write) reads again.
    encoder.notWritten();
    TaskRecordCodec.Batch fresh = encoder.batch();
    fresh.add(record("m", 3, 0, "w3", c));
    assertEquals(List.of(record("m", 3, 0, "w3", c)), decoder.decode(fresh.toBytes()));
  }

  private static byte[] flip(byte[] valid, Random random) {
    byte[] b = valid.clone();
    for (int k = 1 + random.nextInt(3); k > 0; k--) {
      b[1 + random.nextInt(b.length - 1)] ^= (byte) (1 << random.nextInt(8));
    }
    return b;
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(64)];
    random.nextBytes(b);
    if (b.length > 0 && random.nextBoolean()) {
      b[0] = TaskRecordCodec.FORMAT;
    }
    return b;
  }

  /**
   * A batch and a per-task record as the previous release wrote them (its {@code
   * TaskRecord.encode}, run to make these files), read by this one.
   */
  @Test
  void recordsOfThePreviousReleaseAreRead() throws IOException {
    CountersSnapshot c = counters(Map.of("io.quern.mapreduce.TaskCounter", Map.of("MAP_INPUT_RECORDS", 1000L,
        "MAP_OUTPUT_RECORDS", 2500L, "SPILLED_RECORDS", 0L), "io.quern.mapreduce.FileSystemCounter",
        Map.of("BYTES_READ", 134217728L, "BYTES_WRITTEN", -5L)));
    TaskRecord m0 = new TaskRecord(TASK_PREFIX + "m_000000", "attempt_20261201093000e3_0007_m_000000_3000",
        "worker-h1-9040", "h1:9050", 1764581400000L, 1764581403250L, "NODE", c);
    TaskRecord m1 = new TaskRecord(TASK_PREFIX + "m_000001", "attempt_20261201093000e3_0007_m_000001_3001",
        "worker-h2-9040", null, 1764581400100L, 1764581404000L, null, CountersSnapshot.EMPTY);
    TaskRecord r0 = new TaskRecord(TASK_PREFIX + "r_000000", "attempt_20261201093000e3_0007_r_000000_3000",
        "worker-h1-9040", "h1:9050", 1764581405000L, 1764581409000L, null, c);
    assertEquals(List.of(m0, m1, r0), new TaskRecordCodec.Decoder(JOB).decode(previousRelease("records-0000000000")));
    assertEquals(m0, TextTaskRecords.decode(TASK_PREFIX + "m_000000",
        new String(previousRelease("task_20261201093000e3_0007_m_000000"), StandardCharsets.UTF_8)));
  }

  static byte[] previousRelease(String name) throws IOException {
    try (InputStream in = TaskRecordCodecTest.class.getResourceAsStream("previous-release-records/" + name)) {
      return in.readAllBytes();
    }
  }

  /**
   * What a 100,000-task job's records take, in batches as the store writes them (a batch per
   * 200 ms: some 600 tasks at 3,000 a second), with the counters a simulated map reports.
   */
  @Test
  void aHundredThousandTaskJobTakesAFewMegabytes() throws IOException {
    Map<String, Long> task = new HashMap<>();
    for (String n : List.of("MAP_INPUT_RECORDS", "MAP_OUTPUT_RECORDS", "MAP_OUTPUT_BYTES", "SPILLED_RECORDS")) {
      task.put(n, 1000L);
    }
    CountersSnapshot c = counters(Map.of("io.quern.mapreduce.TaskCounter", task,
        "io.quern.mapreduce.FileSystemCounter", Map.of("BYTES_READ", 100_000L, "BYTES_WRITTEN", 20_000L)));
    TaskRecordCodec.Encoder encoder = new TaskRecordCodec.Encoder(JOB);
    long bytes = 0;
    for (int from = 0; from < 100_000; from += 600) {
      TaskRecordCodec.Batch b = encoder.batch();
      for (int n = from; n < Math.min(100_000, from + 600); n++) {
        b.add(record("m", n, 3000, "sim-127.0.0.1-" + (40_000 + n % 1000), c));
      }
      bytes += b.toBytes().length;
      encoder.written(b);
    }
    System.out.printf("100,000 finished tasks in %d bytes of znode data, %.1f bytes per task%n", bytes,
        bytes / 100_000.0);
    assertTrue(bytes / 100_000 < 64, bytes / 100_000 + " bytes per task");
  }
}
