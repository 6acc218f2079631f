package io.quern.mapreduce;

/**
 * A snapshot of the cluster's size and load, as {@link Cluster#getClusterStatus()} gives it:
 * live workers (task trackers), their slots, and the tasks running in them. Every running
 * task holds one slot, so the occupied slots are the running tasks. Quern reserves no slots
 * and black- or gray-lists no worker (a worker that fails leaves ZooKeeper), so those counts
 * are 0.
 */
public class ClusterMetrics {
  private final int runningMaps;
  private final int runningReduces;
  private final int mapSlots;
  private final int reduceSlots;
  private final int trackers;

  public ClusterMetrics(int runningMaps, int runningReduces, int mapSlots, int reduceSlots, int trackers) {
    this.runningMaps = runningMaps;
    this.runningReduces = runningReduces;
    this.mapSlots = mapSlots;
    this.reduceSlots = reduceSlots;
    this.trackers = trackers;
  }

  public int getRunningMaps() {
    return runningMaps;
  }

  public int getRunningReduces() {
    return runningReduces;
  }

  public int getOccupiedMapSlots() {
    return runningMaps;
  }

  public int getOccupiedReduceSlots() {
    return runningReduces;
  }

  public int getReservedMapSlots() {
    return 0;
  }

  public int getReservedReduceSlots() {
    return 0;
  }

  public int getMapSlotCapacity() {
    return mapSlots;
  }

  public int getReduceSlotCapacity() {
    return reduceSlots;
  }

  public int getTaskTrackerCount() {
    return trackers;
  }

  public int getBlackListedTaskTrackerCount() {
    return 0;
  }

  public int getGrayListedTaskTrackerCount() {
    return 0;
  }

  public int getDecommissionedTaskTrackerCount() {
    return 0;
  }

  @Override
  public String toString() {
    return "task trackers " + trackers + ", map slots " + runningMaps + "/" + mapSlots + " busy, reduce slots "
        + runningReduces + "/" + reduceSlots + " busy";
  }
}
