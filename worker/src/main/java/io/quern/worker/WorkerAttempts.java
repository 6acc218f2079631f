package io.quern.worker;

import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attempts this worker runs, from launch until they are reported done, failed or
 * killed, and the highest master epoch seen. Owned by the {@link WorkerLoop}: every call runs
 * on the loop thread, so nothing here locks, and no call blocks.
 */
final class WorkerAttempts {
  /** One attempt on this worker. Its mutable fields are owned by the worker loop, as the table. */
  static final class Entry {
    final TaskLaunch launch;
    /** The child the attempt is queued on; null while its job's jar is fetched. */
    String childId;
    final long timeoutNanos;
    /** When the worker took the attempt, for the status page. */
    final long startMillis = System.currentTimeMillis();
    long lastReportNanos;
    boolean killed;
    /** Why the worker is ending the attempt (a timeout), reported when its child exits. */
    String failReason;

    Entry(TaskLaunch launch, String childId, long timeoutNanos, long now) {
      this.launch = launch;
      this.childId = childId;
      this.timeoutNanos = timeoutNanos;
      this.lastReportNanos = now;
    }

    String attemptId() {
      return launch.attemptId();
    }
  }

  /** Owned by the worker loop. */
  private final Map<String, Entry> attempts = new HashMap<>();
  /**
   * The child of each attempt, kept after the attempt ends for its logs; the oldest go beyond
   * {@value #CHILDREN_KEPT} (about 10 MB): a worker running farms of a million tasks a month must
   * not keep them all, and the logs of attempts that old are swept by the log retention anyway.
   * Owned by the worker loop.
   */
  private final Map<String, String> childOfAttempt = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > CHILDREN_KEPT;
    }
  };
  static final int CHILDREN_KEPT = 100_000;
  /** Which attempt holds each GPU, from its launch until its processes are gone; owned by the worker loop. */
  private final Map<String, String> gpuHolders = new HashMap<>();
  /** Owned by the worker loop. */
  private long highestEpoch = -1;

  void checkEpoch(long epoch) throws StaleEpochException {
    checkEpoch(epoch, -1);
  }

  /**
   * Refuses a command of an epoch older than any seen in a command or published in ZooKeeper
   * ({@code published}, -1 when unknown): a paused old master that resumes must be refused even
   * by a worker the new master has not commanded yet.
   */
  void checkEpoch(long epoch, long published) throws StaleEpochException {
    highestEpoch = Math.max(highestEpoch, published);
    if (epoch < highestEpoch) {
      throw new StaleEpochException(epoch, highestEpoch);
    }
    highestEpoch = epoch;
  }

  /**
   * Gives the launch its GPUs unless another attempt here still holds one of them (the master
   * counts a killed attempt's GPUs free once it has been told the processes are gone, but a
   * master that took over knows nothing of the attempts before it).
   *
   * @return null when claimed, else why not
   */
  String claimGpus(TaskLaunch launch) {
    for (String gpu : launch.gpus()) {
      String holder = gpuHolders.get(gpu);
      if (holder != null && !holder.equals(launch.attemptId())) {
        return "GPU " + gpu + " is still held by " + holder;
      }
    }
    launch.gpus().forEach(g -> gpuHolders.put(g, launch.attemptId()));
    return null;
  }

  /** The attempt's GPUs are free again. */
  void releaseGpus(String attemptId) {
    gpuHolders.values().removeIf(attemptId::equals);
  }

  /** Which attempt holds each GPU now. */
  Map<String, String> gpuHolders() {
    return Map.copyOf(gpuHolders);
  }

  /** A launch taken; {@code childId} is null until a child is found for it ({@link #placed}). */
  void add(TaskLaunch launch, String childId, long timeoutNanos) {
    attempts.put(launch.attemptId(), new Entry(launch, childId, timeoutNanos, System.nanoTime()));
    if (childId != null) {
      childOfAttempt.put(launch.attemptId(), childId);
    }
  }

  /** The attempt is queued on a child; its silence counts from now (a jar copy is not the task's). */
  void placed(String attemptId, String childId) {
    Entry e = attempts.get(attemptId);
    if (e != null) {
      e.childId = childId;
      e.lastReportNanos = System.nanoTime();
      childOfAttempt.put(attemptId, childId);
    }
  }

  Entry get(String attemptId) {
    return attempts.get(attemptId);
  }

  /** Records a sign of life; false when the attempt was killed or is unknown here. */
  boolean touch(String attemptId) {
    Entry e = attempts.get(attemptId);
    if (e == null || e.killed) {
      return false;
    }
    e.lastReportNanos = System.nanoTime();
    return true;
  }

  void markKilled(String attemptId) {
    Entry e = attempts.get(attemptId);
    if (e != null) {
      e.killed = true;
    }
  }

  /** The attempt ended here: it leaves the table and its GPUs are free. */
  Entry remove(String attemptId) {
    releaseGpus(attemptId);
    return attempts.remove(attemptId);
  }

  List<Entry> removeChild(String childId) {
    List<Entry> out = new ArrayList<>();
    attempts.values().removeIf(e -> {
      if (childId.equals(e.childId)) {
        out.add(e);
        releaseGpus(e.attemptId());
        return true;
      }
      return false;
    });
    return out;
  }

  List<Entry> removeJob(String jobId) {
    List<Entry> out = new ArrayList<>();
    attempts.values().removeIf(e -> {
      if (e.launch.jobId().equals(jobId)) {
        out.add(e);
        releaseGpus(e.attemptId());
        return true;
      }
      return false;
    });
    return out;
  }

  /** Attempts silent for longer than their job's timeout; each is marked with the reason. */
  List<Entry> timedOut() {
    long now = System.nanoTime();
    List<Entry> out = new ArrayList<>();
    for (Entry e : attempts.values()) {
      if (e.childId != null && e.failReason == null && now - e.lastReportNanos > e.timeoutNanos) {
        long ms = e.timeoutNanos / 1_000_000L;
        e.failReason = "timed out: no progress reported for " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms")
            + " (the task timeout, mapreduce.task.timeout or mapred.task.timeout)";
        out.add(e);
      }
    }
    return out;
  }

  List<Entry> clear() {
    List<Entry> out = new ArrayList<>(attempts.values());
    attempts.clear();
    gpuHolders.clear();
    return out;
  }

  /** A copy of the attempts running here, oldest first, for the status page. */
  List<Entry> running() {
    List<Entry> out = new ArrayList<>(attempts.values());
    out.sort(java.util.Comparator.comparingLong(e -> e.startMillis));
    return out;
  }

  /** The child that ran an attempt, kept after the attempt ends so that its logs can be found. */
  String childOf(String attemptId) {
    return childOfAttempt.get(attemptId);
  }
}
