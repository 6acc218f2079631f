package io.quern.cluster;

/**
 * The names of the attributes daemons publish with their registration: one place for the daemon
 * that writes them and the tools and daemons that read them.
 */
public final class NodeAttributes {
  // Every daemon: its machine, refreshed as it runs.
  public static final String CPUS = "cpus";
  public static final String LOAD = "load";
  public static final String MEM_TOTAL = "mem.total";
  public static final String MEM_AVAILABLE = "mem.available";
  public static final String DISK_FREE = "disk.free";
  public static final String DISK_TOTAL = "disk.total";
  /** Where the daemon serves its status pages and /metrics (host:port), so that pages link each other. */
  public static final String HTTP_ADDRESS = "http.address";
  // Workers.
  public static final String MAP_SLOTS = "map.slots";
  public static final String REDUCE_SLOTS = "reduce.slots";
  /** How many GPUs the worker offers to tasks. */
  public static final String GPUS = "gpus";
  /** Their ids, comma-separated, as CUDA_VISIBLE_DEVICES takes them. */
  public static final String GPU_IDS = "gpu.ids";
  // DataNodes: their storage, as the NameNode counts it.
  public static final String DFS_CAPACITY = "dfs.capacity";
  public static final String DFS_USED = "dfs.used";
  public static final String DFS_REMAINING = "dfs.remaining";
  // The NameNode.
  public static final String DFS_NAME_DIR = "dfs.name.dir";

  private NodeAttributes() {}
}
