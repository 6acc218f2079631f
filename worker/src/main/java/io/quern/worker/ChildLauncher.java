package io.quern.worker;

import java.io.IOException;

/**
 * Starts the process of a child: the seam between the pool's bookkeeping (which job a child
 * serves, the spare, identities) and the operating system. The worker's launcher starts a JVM
 * ({@link JvmChildLauncher}); the pool's tests start small programs that read the binding.
 */
interface ChildLauncher {
  /** A child not started yet, whose stdout and stderr will go where the launcher keeps them. */
  JobChild newChild(String childId);

  /**
   * Starts {@code child}'s process with the JVM options {@code childOpts}, as {@code identity},
   * its stdin a pipe for the binding and its stdout and stderr in files of the worker's own.
   * The child is started, not bound.
   */
  void start(JobChild child, String childOpts, ChildIdentities.Identity identity) throws IOException;
}
