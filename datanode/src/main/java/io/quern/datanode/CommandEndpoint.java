package io.quern.datanode;

import io.quern.protocol.dfs.DatanodeCommands;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.rpc.CallContext;
import java.rmi.AccessException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** RMI face for the NameNode's commands: queues the work and returns at once. Tasks (job tokens) may give none. */
final class CommandEndpoint implements DatanodeCommands {
  private final BlockStore store;
  private final Replicator replicator;
  /** Thread-safe (its own monitor). */
  private final ReportQueue reports;
  /** Thread-safe executor. */
  private final Executor workers;

  private final Runnable fullReportRequested;

  CommandEndpoint(BlockStore store, Replicator replicator, ReportQueue reports, Executor workers,
      Runnable fullReportRequested) {
    this.fullReportRequested = fullReportRequested;
    this.store = store;
    this.replicator = replicator;
    this.reports = reports;
    this.workers = workers;
  }

  @Override
  public void replicate(long blockId, List<DatanodeRef> targets) throws AccessException {
    CallContext.requireClusterMember();
    submit(() -> replicator.replicate(blockId, targets));
  }

  @Override
  public void requestFullReport() throws AccessException {
    CallContext.requireClusterMember();
    fullReportRequested.run();
  }

  @Override
  public void invalidate(List<Long> blockIds) throws AccessException {
    CallContext.requireClusterMember();
    submit(() -> {
      for (long id : blockIds) {
        store.delete(id);
        reports.deleted(id);
      }
      reports.flush();
    });
  }

  private void submit(Runnable r) {
    try {
      workers.execute(r);
    } catch (RejectedExecutionException e) {
      // Shutting down: the NameNode re-issues whatever still needs doing.
    }
  }
}
