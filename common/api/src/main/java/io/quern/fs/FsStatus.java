package io.quern.fs;

/** A file system's capacity, used and remaining bytes, as Hadoop's {@code FsStatus}. */
public class FsStatus {
  private final long capacity;
  private final long used;
  private final long remaining;

  public FsStatus(long capacity, long used, long remaining) {
    this.capacity = capacity;
    this.used = used;
    this.remaining = remaining;
  }

  public long getCapacity() {
    return capacity;
  }

  public long getUsed() {
    return used;
  }

  public long getRemaining() {
    return remaining;
  }
}
