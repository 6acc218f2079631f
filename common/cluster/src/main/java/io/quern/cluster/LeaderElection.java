package io.quern.cluster;

import io.quern.net.HostPort;
import java.util.List;
import java.util.Optional;

/** Election among the masters; the leader publishes its endpoint and epoch. */
public interface LeaderElection extends AutoCloseable {
  void start(LeaderContender contender) throws Exception;

  boolean isLeader();

  /** The epoch this process leads with, or -1 when not leading. */
  long epoch();

  @Override
  void close();

  /** The active master as published, if any. */
  record Leader(HostPort endpoint, long epoch) {}

  /** Read access for clients and workers: who leads, who stands by. */
  interface View {
    Optional<Leader> leader();

    List<HostPort> participants();

    /** Called on a watcher thread whenever the published leader changes or vanishes. */
    void addListener(java.util.function.Consumer<Optional<Leader>> listener);
  }
}
