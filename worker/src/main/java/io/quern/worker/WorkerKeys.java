package io.quern.worker;

import io.quern.conf.StringKey;

/**
 * The worker's configuration keys (mapred-default.xml declares each with its default and description).
 * Each key reads its default from there; a key declared with an empty value has none (see
 * {@link io.quern.conf.ConfKey}).
 */
public final class WorkerKeys {
  /** Log level inside task child JVMs. */
  public static final StringKey CHILD_LOG_LEVEL = new StringKey("mapred.child.log.level");
  /** Name of a worker in the cluster's membership and its log directories; empty, worker-HOST-PORT from its RPC address. */
  public static final StringKey WORKER_ID = new StringKey("quern.worker.id");

  private WorkerKeys() {}
}
