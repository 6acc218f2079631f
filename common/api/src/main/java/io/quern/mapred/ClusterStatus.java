package io.quern.mapred;

/** How many workers (task trackers) are alive and how many map and reduce slots they offer. */
public class ClusterStatus {
  private final int trackers;
  private final int maxMapTasks;
  private final int maxReduceTasks;

  ClusterStatus(int trackers, int maxMapTasks, int maxReduceTasks) {
    this.trackers = trackers;
    this.maxMapTasks = maxMapTasks;
    this.maxReduceTasks = maxReduceTasks;
  }

  public int getTaskTrackers() {
    return trackers;
  }

  /** Map tasks the cluster can run at once. */
  public int getMaxMapTasks() {
    return maxMapTasks;
  }

  /** Reduce tasks the cluster can run at once. */
  public int getMaxReduceTasks() {
    return maxReduceTasks;
  }

  @Override
  public String toString() {
    return "task trackers " + trackers + ", map slots " + maxMapTasks + ", reduce slots " + maxReduceTasks;
  }
}
