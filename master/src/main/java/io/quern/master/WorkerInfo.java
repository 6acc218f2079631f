package io.quern.master;

import java.util.List;

/**
 * A live worker as the master schedules it: where it is, how many attempts it takes, where its
 * status pages are ({@code host:port}, empty when it serves none), the GPUs it offers (by id) and
 * its published load average (NaN when unknown) and available memory (-1 when unknown).
 */
public record WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots,
    String httpAddress, List<String> gpus, double load, long memAvailableBytes) {
  public WorkerInfo {
    if (mapSlots < 0 || reduceSlots < 0) {
      throw new IllegalArgumentException("negative slots for worker " + id);
    }
    httpAddress = httpAddress == null ? "" : httpAddress;
    gpus = List.copyOf(gpus);
  }

  /** A worker without GPUs, of unknown load, serving its pages at {@code httpAddress}. */
  public WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots,
      String httpAddress) {
    this(id, host, rack, endpoint, mapSlots, reduceSlots, httpAddress, List.of(), Double.NaN, -1);
  }

  /** A worker with GPUs and a load, serving no pages. */
  public WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots,
      List<String> gpus, double load) {
    this(id, host, rack, endpoint, mapSlots, reduceSlots, "", gpus, load, -1);
  }

  /** A worker without GPUs and of unknown load. */
  public WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots) {
    this(id, host, rack, endpoint, mapSlots, reduceSlots, "", List.of(), Double.NaN, -1);
  }
}
