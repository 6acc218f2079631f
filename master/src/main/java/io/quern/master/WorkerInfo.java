package io.quern.master;

/** A live worker as the master schedules it: where it is and how many attempts it takes. */
public record WorkerInfo(String id, String host, String rack, String endpoint, int mapSlots, int reduceSlots) {
  public WorkerInfo {
    if (mapSlots < 0 || reduceSlots < 0) {
      throw new IllegalArgumentException("negative slots for worker " + id);
    }
  }
}
