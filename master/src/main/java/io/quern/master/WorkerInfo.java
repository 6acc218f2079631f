package io.quern.master;

import java.util.List;

/**
 * A live worker as the master schedules it: where it is, how many attempts it takes, the GPUs it
 * offers (by id) and its published load average (NaN when unknown).
 */
public record WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots,
    List<String> gpus, double load) {
  public WorkerInfo {
    if (mapSlots < 0 || reduceSlots < 0) {
      throw new IllegalArgumentException("negative slots for worker " + id);
    }
    gpus = List.copyOf(gpus);
  }

  /** A worker without GPUs and of unknown load. */
  public WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots) {
    this(id, host, rack, endpoint, mapSlots, reduceSlots, List.of(), Double.NaN);
  }
}
