package io.quern.mapreduce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.BytesWritable;
import io.quern.io.IntWritable;
import io.quern.io.NullWritable;
import io.quern.io.WritableComparator;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exercises the sort buffer's ring: wrap-around, equator moves, blocking, concurrent spills. */
class MapOutputBufferRingTest {

  @TempDir
  Path dir;

  private static String hex(BytesWritable b) {
    return HexFormat.of().formatHex(b.getBytes(), 0, b.getLength());
  }

  @Test
  void randomRecordSizesAgainstEveryRingShape() throws IOException {
    Random random = new Random(23);
    int[] bufferSizes = {1024, 1040, 4112, 10_000};
    float[] spillPercents = {0.05f, 0.5f, 0.8f, 1.0f};
    int run = 0;
    for (int bufferBytes : bufferSizes) {
      for (float spillPercent : spillPercents) {
        Path runDir = dir.resolve("run" + run++);
        List<String> expected = new ArrayList<>();
        int partitions = 1 + random.nextInt(3);
        SortOptions options = new SortOptions(bufferBytes, spillPercent, 2 + random.nextInt(9), 3);
        try (MapOutputBuffer buffer = new MapOutputBuffer(runDir, partitions,
            WritableComparator.get(BytesWritable.class), null, options)) {
          for (int i = 0; i < 400; i++) {
            // Sizes cluster around the interesting boundaries: tiny, a fraction, the ring, beyond it.
            int keySize = switch (random.nextInt(40)) {
              case 0 -> bufferBytes - 24 - random.nextInt(8);
              case 1 -> bufferBytes + random.nextInt(100);
              case 2, 3, 4, 5 -> random.nextInt(bufferBytes / 3);
              default -> random.nextInt(12);
            };
            byte[] key = new byte[keySize];
            random.nextBytes(key);
            BytesWritable k = new BytesWritable(key);
            int partition = random.nextInt(partitions);
            buffer.collect(k, new IntWritable(partition), partition);
            expected.add(partition + ":" + hex(k));
          }
          SpillIndex index = buffer.flush();
          List<String> actual = new ArrayList<>();
          for (int p = 0; p < partitions; p++) {
            List<Map.Entry<BytesWritable, IntWritable>> records = Records.readAll(
                Segment.onDisk(buffer.getOutputFile(), index.get(p)).open(), BytesWritable.class, IntWritable.class);
            for (int i = 0; i < records.size(); i++) {
              assertEquals(p, records.get(i).getValue().get());
              if (i > 0) {
                assertTrue(records.get(i - 1).getKey().compareTo(records.get(i).getKey()) <= 0);
              }
              actual.add(p + ":" + hex(records.get(i).getKey()));
            }
          }
          expected.sort(null);
          actual.sort(null);
          String shape = "buffer " + bufferBytes + ", spill at " + spillPercent;
          assertEquals(expected.size(), actual.size(), shape);
          assertTrue(expected.equals(actual), shape + ": records differ");
        }
      }
    }
  }

  @Test
  void zeroLengthRecordsUseTheRingForMetadataOnly() throws IOException {
    try (MapOutputBuffer buffer = new MapOutputBuffer(dir, 2, WritableComparator.get(NullWritable.class), null,
        new SortOptions(1024, 0.5f, 3, 3))) {
      for (int i = 0; i < 5000; i++) {
        buffer.collect(NullWritable.get(), NullWritable.get(), i % 2);
      }
      SpillIndex index = buffer.flush();
      assertTrue(buffer.getSpillCount() > 50);
      for (int p = 0; p < 2; p++) {
        assertEquals(2500, Records.readAll(Segment.onDisk(buffer.getOutputFile(), index.get(p)).open(),
            NullWritable.class, NullWritable.class).size());
      }
    }
  }

  @Test
  void collectionContinuesDuringASpillAndBlocksWhenTheRoomRunsOut() throws Exception {
    CountDownLatch spillEntered = new CountDownLatch(1);
    CountDownLatch releaseSpill = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    CombineRunner holdFirstSpill = (in, out) -> {
      if (first.getAndSet(false)) {
        spillEntered.countDown();
        try {
          releaseSpill.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      while (in.next()) {
        out.append(in.getKey(), in.getValue());
      }
    };
    Thread mapThread = Thread.currentThread();
    AtomicBoolean sawMapBlocked = new AtomicBoolean();
    Thread releaser = new Thread(() -> {
      try {
        spillEntered.await(20, TimeUnit.SECONDS);
        Wait.until("collect to block on the held spill", Duration.ofSeconds(20),
            () -> mapThread.getState() == Thread.State.WAITING);
        sawMapBlocked.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (AssertionError neverBlocked) {
        // sawMapBlocked stays false: the test thread's assertion reports it.
      } finally {
        releaseSpill.countDown();
      }
    });
    releaser.start();
    int collectedDuringSpill = 0;
    int n = 5000;
    try (MapOutputBuffer buffer = new MapOutputBuffer(dir, 1, WritableComparator.get(IntWritable.class),
        holdFirstSpill, new SortOptions(8192, 0.5f, 10, 3))) {
      for (int i = 0; i < n; i++) {
        buffer.collect(new IntWritable(n - i), new IntWritable(i), 0);
        if (spillEntered.getCount() == 1) {
          // Until the first spill is held, go slowly enough for its thread to get there first.
          spillEntered.await(1, TimeUnit.MILLISECONDS);
        } else if (releaseSpill.getCount() == 1) {
          collectedDuringSpill++;
        }
      }
      SpillIndex index = buffer.flush();
      releaser.join();
      assertTrue(collectedDuringSpill > 50, collectedDuringSpill + " records collected while the spill ran");
      assertTrue(sawMapBlocked.get(), "collect blocked once the free room was used up");
      List<Map.Entry<IntWritable, IntWritable>> records = Records.readAll(
          Segment.onDisk(buffer.getOutputFile(), index.get(0)).open(), IntWritable.class, IntWritable.class);
      int[] keys = records.stream().mapToInt(e -> e.getKey().get()).toArray();
      int[] expected = new int[n];
      Arrays.setAll(expected, i -> i + 1);
      assertTrue(Arrays.equals(expected, keys), "every record exactly once, sorted");
      assertTrue(Files.exists(buffer.getIndexFile()));
    }
  }
}
