package io.quern.worker.sim;

import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskKind;
import io.quern.protocol.mapred.TaskLaunch;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What the simulated workers saw of the master's scheduling: when each map and reduce was
 * launched, under which epoch, how long each freed slot waited for its next attempt, and which
 * tasks finished. Times are {@link System#nanoTime()}.
 */
public final class SchedulingStats {
  private long[] launches = new long[1 << 16];
  private int launchCount;
  private long[] slotWaits = new long[1 << 16];
  private int slotWaitCount;
  /** Per worker, when each of its slots that is free now became free, oldest first. */
  private final Map<String, ArrayDeque<Long>> freeSince = new ConcurrentHashMap<>();
  /** The first launch of each master epoch. */
  private final ConcurrentSkipListMap<Long, Long> firstLaunchOfEpoch = new ConcurrentSkipListMap<>();
  private final Set<String> finishedTasks = ConcurrentHashMap.newKeySet();
  private final Set<String> finishedCleanups = ConcurrentHashMap.newKeySet();
  /** Calls between the workers and the master so far, by method (launches counted per call, not per attempt). */
  private final Map<String, java.util.concurrent.atomic.LongAdder> calls = new ConcurrentHashMap<>();

  /** A call a worker made to the master, or the master to a worker. */
  void called(String method) {
    calls.computeIfAbsent(method, m -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  /** The calls so far, by method. */
  public Map<String, Long> calls() {
    Map<String, Long> out = new java.util.TreeMap<>();
    calls.forEach((m, n) -> out.put(m, n.sum()));
    return out;
  }

  void launched(SimulatedWorker worker, TaskLaunch launch, long nanos) {
    firstLaunchOfEpoch.putIfAbsent(launch.epoch(), nanos);
    if (launch.kind() == TaskKind.JOB_CLEANUP) {
      return; // takes no slot
    }
    Long free;
    ArrayDeque<Long> q = freeSince.get(worker.id);
    synchronized (this) {
      free = q == null ? null : q.pollFirst();
      launches = append(launches, launchCount++, nanos);
      if (free != null) {
        slotWaits = append(slotWaits, slotWaitCount++, nanos - free);
      }
    }
  }

  void finished(SimulatedWorker worker, TaskLaunch launch, long nanos) {
    String task = TaskAttemptID.forName(launch.attemptId()).getTaskID().toString();
    if (launch.kind() == TaskKind.JOB_CLEANUP) {
      finishedCleanups.add(task);
      return;
    }
    finishedTasks.add(task);
    ArrayDeque<Long> q = freeSince.computeIfAbsent(worker.id, w -> new ArrayDeque<>());
    synchronized (this) {
      q.addLast(nanos);
    }
  }

  private static long[] append(long[] a, int at, long v) {
    long[] out = at < a.length ? a : Arrays.copyOf(a, a.length * 2);
    out[at] = v;
    return out;
  }

  /** Forgets the free slots seen so far: a new job starts from its own launches. */
  public synchronized void resetSlots() {
    freeSince.values().forEach(ArrayDeque::clear);
  }

  public synchronized int launches() {
    return launchCount;
  }

  /** Maps and reduces launched within {@code [from, to)}. */
  public synchronized int launchesBetween(long fromNanos, long toNanos) {
    int n = 0;
    for (int i = 0; i < launchCount; i++) {
      if (launches[i] >= fromNanos && launches[i] < toNanos) {
        n++;
      }
    }
    return n;
  }

  /** The {@code q}-quantile (0..1) of the waits from a freed slot to its next launch, in ms, within the window. */
  public synchronized double slotWaitMillis(double q) {
    if (slotWaitCount == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(slotWaits, slotWaitCount);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }

  public synchronized int slotWaits() {
    return slotWaitCount;
  }

  /** Drops the slot waits recorded so far (to measure a window). */
  public synchronized void clearSlotWaits() {
    slotWaitCount = 0;
  }

  /** When the first attempt of an epoch above {@code epoch} was launched, or -1 if none was yet. */
  public long firstLaunchAfterEpoch(long epoch) {
    Map.Entry<Long, Long> e = firstLaunchOfEpoch.higherEntry(epoch);
    return e == null ? -1 : e.getValue();
  }

  /** The highest master epoch that launched anything here; -1 before any launch. */
  public long latestEpoch() {
    return firstLaunchOfEpoch.isEmpty() ? -1 : firstLaunchOfEpoch.lastKey();
  }

  /** Distinct maps and reduces that finished successfully here. */
  public int finishedTasks() {
    return finishedTasks.size();
  }

  /** Distinct jobs whose cleanup task finished here. */
  public int finishedCleanups() {
    return finishedCleanups.size();
  }
}
