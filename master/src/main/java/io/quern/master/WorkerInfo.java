package io.quern.master;

/**
 * A live worker as the master schedules it: where it is and how many attempts it takes, and
 * where its status pages are ({@code host:port}, empty when it serves none), for links to them.
 */
public record WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots,
    String httpAddress) {
  public WorkerInfo {
    if (mapSlots < 0 || reduceSlots < 0) {
      throw new IllegalArgumentException("negative slots for worker " + id);
    }
    httpAddress = httpAddress == null ? "" : httpAddress;
  }

  public WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots) {
    this(id, host, rack, endpoint, mapSlots, reduceSlots, "");
  }
}
