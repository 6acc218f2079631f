package io.quern.master;

import io.quern.cluster.Coordination;
import io.quern.cluster.LeaderContender;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.net.RackResolver;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A master's part in the cluster, all but its RMI server: it registers under Role.MASTER, runs
 * for election and schedules only while it leads, with a fresh {@link JobTracker} per epoch. A
 * new leader takes over the unfinished jobs of earlier ones, with the tasks they recorded as
 * finished (see {@link JobTracker#recover}). {@link MasterDaemon} serves its loop over RMI;
 * kept apart so that leadership and recovery run in tests on an in-memory backend, in-process.
 */
final class MasterNode implements LeaderContender, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(MasterNode.class);

  /** Immutable. */
  private final SchedulerSettings settings;
  /** Thread-safe (a concurrent cache before the topology script or table). */
  private final RackResolver racks;
  /** Thread-safe (the session's). */
  private final Coordination coordination;
  /** Thread-safe (the store's). */
  private final JobStore store;
  /** Thread-safe (its own executor and lock). */
  private final JobFinisher finisher;
  /** Thread-safe (a concurrent map of lanes, each with its own thread). */
  private final CommandDispatcher dispatcher;
  /**
   * Not final only because the finisher and the dispatcher, made before it, take a supplier of it.
   * Written once by the constructor, last; published to their threads by the executor hand-offs
   * that carry every call of theirs, all made after the constructor returned; read after.
   */
  private MasterLoop loop;
  // The three below: volatile, written once by join(), read without a lock by isLeader() and
  // close() on other threads (status and test threads, a shutdown hook).
  private volatile Registration registration;
  private volatile LeaderElection election;
  private volatile ScheduledExecutorService readAhead;

  MasterNode(Configuration conf, MasterBackend backend, SchedulerSettings settings, RackResolver racks,
      CommandDispatcher.WorkerStubs workers) {
    this.settings = settings;
    this.racks = racks;
    this.coordination = backend.coordination();
    this.store = backend.store();
    this.finisher = new JobFinisher(conf, () -> loop, store);
    this.dispatcher = new CommandDispatcher(() -> loop, finisher, workers);
    this.loop = new MasterLoop(dispatcher::dispatch,
        MasterKeys.TICK.get(conf, TimeUnit.MILLISECONDS));
  }

  MasterLoop loop() {
    return loop;
  }

  /** Registers as the master serving at {@code self} and stands for election. */
  void join(HostPort self) throws Exception {
    join(self, Map.of());
  }

  /** As {@link #join(HostPort)}, publishing {@code attributes} (the status page address) with the registration. */
  void join(HostPort self, Map<String, String> attributes) throws Exception {
    coordination.membership().addListener(Role.WORKER, new WorkerDirectory(loop));
    coordination.membership().addListener(Role.NAMENODE, new NamenodeDirectory(loop, this::namenodeRegistered));
    registration = coordination.membership().register(new NodeInfo("master-" + self.host() + "-" + self.port(),
        Role.MASTER, self, racks.rackOf(self.host()), attributes));
    // A standby keeps the specs of the running jobs at hand, so that a takeover reads only
    // ZooKeeper before it assigns tasks; every 2 s, so that a job submitted just before a
    // failover is usually among them.
    readAhead = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "job-read-ahead");
      t.setDaemon(true);
      return t;
    });
    readAhead.scheduleWithFixedDelay(this::readAhead, 0, 2, TimeUnit.SECONDS);
    election = coordination.masterElection(self);
    election.start(this);
  }

  private void readAhead() {
    try {
      store.prefetch();
    } catch (Exception e) {
      // The takeover reads what is missing itself; nothing is lost but time.
      LOG.debug("cannot read the running jobs ahead: {}", e.toString());
    }
  }

  Coordination coordination() {
    return coordination;
  }

  boolean isLeader() {
    return election != null && election.isLeader();
  }

  @Override
  public void grantLeadership(long epoch) {
    String identifier = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "e" + epoch;
    try {
      store.lead(epoch);
    } catch (java.io.IOException e) {
      // Not leading after all: the grant is refused and the election goes on without us.
      throw new IllegalStateException("cannot lead with epoch " + epoch + ": " + e.getMessage(), e);
    }
    JobTracker tracker = new JobTracker(epoch, identifier, settings, System::currentTimeMillis, racks::rackOf);
    tracker.deferSchedulingPasses(); // the loop drains after a run of events
    Map<String, WorkerInfo> live = new java.util.TreeMap<>();
    for (NodeInfo w : coordination.membership().live(Role.WORKER)) {
      WorkerInfo info = WorkerDirectory.toWorker(w);
      live.put(info.id(), info);
    }
    // The tables are rebuilt before the loop serves calls, so that no client polling its job sees
    // it as unknown in between; the commands decided meanwhile go out with the first call.
    for (WorkerInfo info : live.values()) {
      tracker.workerJoined(info);
    }
    tracker.namenodeRegistered(namenodeRegistered());
    recoverJobs(tracker, live);
    loop.lead(tracker).join();
    loop.call(t -> {
      t.tick();
      return null;
    });
  }

  private boolean namenodeRegistered() {
    return !coordination.membership().live(Role.NAMENODE).isEmpty();
  }

  /** Takes over the jobs an earlier leader accepted and did not finish. */
  private void recoverJobs(JobTracker tracker, Map<String, WorkerInfo> live) {
    try {
      for (JobStore.Saved saved : store.load()) {
        resolveSplitRacks(racks, saved.spec());
        try {
          tracker.recover(saved.spec(), saved.finished(), live);
        } catch (io.quern.protocol.mapred.JobSubmissionException e) {
          LOG.warn("{} cannot be recovered: {}; dropping it", saved.spec().jobId(), e.getMessage());
        }
      }
    } catch (java.io.IOException e) {
      LOG.error("cannot read the jobs of earlier leaders: {}; they stay recorded for the next leader", e.getMessage());
    }
  }

  /**
   * Resolves the racks of the job's split hosts, so that the loop finds them in the resolver's
   * cache: a topology script runs a process, and the loop thread must never wait for one. Called
   * on the RMI thread that submits the job and on the thread that recovers it; a failure leaves
   * the lookup to the loop, as before.
   */
  static void resolveSplitRacks(RackResolver racks, io.quern.protocol.mapred.JobSpec spec) {
    java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
    for (io.quern.mapreduce.SplitInfo s : spec.splits()) {
      hosts.addAll(s.hosts());
    }
    if (hosts.isEmpty()) {
      return;
    }
    try {
      racks.mapping().resolve(List.copyOf(hosts));
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot resolve the racks of its split hosts ahead: {}", spec.jobId(), e.toString());
    }
  }

  @Override
  public void revokeLeadership() {
    loop.stepDown().join();
  }

  /** Leaves the election and the membership and stops; the backend stays open for its owner to close. */
  @Override
  public void close() {
    if (readAhead != null) {
      readAhead.shutdownNow();
    }
    if (election != null) {
      election.close();
    }
    if (registration != null) {
      try {
        registration.close();
      } catch (Exception e) {
        LOG.warn("cannot withdraw the master's registration: {}", e.toString());
      }
    }
    loop.close();
    dispatcher.close();
    finisher.close();
  }
}
