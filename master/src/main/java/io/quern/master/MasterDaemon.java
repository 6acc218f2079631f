package io.quern.master;

import io.quern.cluster.LeaderContender;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.daemon.Daemon;
import io.quern.net.HostPort;
import io.quern.net.RackResolver;
import io.quern.protocol.mapred.JobSubmissionProtocol;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.rpc.RpcServer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A master process: serves RMI on {@value #PORT_KEY}, registers under Role.MASTER, runs for
 * election and schedules only while it leads, with a fresh {@link JobTracker} per epoch.
 * A new leader takes over the unfinished jobs of earlier ones, with the tasks they recorded as
 * finished (see {@link JobTracker#recover}).
 */
public final class MasterDaemon implements Daemon, LeaderContender {
  public static final String PORT_KEY = "mapred.master.port";
  public static final int DEFAULT_PORT = 9001;
  public static final String TICK_KEY = "mapred.master.tick.interval";
  private static final Logger LOG = LogManager.getLogger(MasterDaemon.class);

  private final Configuration conf;
  private final String host;
  private final int port;
  private final SchedulerSettings settings;
  private final RackResolver racks;
  private ZkCluster zk;
  private RpcServer rpc;
  private MasterLoop loop;
  private CommandDispatcher dispatcher;
  private JobFinisher finisher;
  private LeaderElection election;
  private JobStore store;
  private Registration registration;
  private ScheduledExecutorService readAhead;

  public MasterDaemon(Configuration conf) {
    // The job commit's DFS calls ride out a NameNode restart rather than fail the job.
    this.conf = io.quern.fs.NamenodeWaits.forJobs(conf);
    this.host = conf.get("quern.daemon.host", "127.0.0.1");
    this.port = conf.getInt(PORT_KEY, DEFAULT_PORT);
    if (port < 0 || port > 65535) {
      throw conf.bad(PORT_KEY, String.valueOf(port), "a port number");
    }
    this.settings = SchedulerSettings.fromConf(conf);
    this.racks = RackResolver.create(conf);
  }

  @Override
  public void start() throws Exception {
    zk = ZkCluster.connect(conf);
    store = new ZkJobStore(zk.curator(), zk.layout(), conf);
    finisher = new JobFinisher(conf, () -> loop, store);
    dispatcher = new CommandDispatcher(conf, () -> loop, finisher);
    loop = new MasterLoop(dispatcher::dispatch, conf.getTimeDuration(TICK_KEY, 250, TimeUnit.MILLISECONDS));
    rpc = new RpcServer(conf, host, port).start();
    rpc.export(JobSubmissionProtocol.NAME, new Endpoints.Submission(loop, store), JobSubmissionProtocol.class);
    rpc.export(TaskUmbilicalProtocol.NAME, new Endpoints.Umbilical(loop, store), TaskUmbilicalProtocol.class);
    HostPort self = rpc.endpoint();
    zk.membership().addListener(Role.WORKER, new WorkerDirectory(loop));
    zk.membership().addListener(Role.NAMENODE, new NamenodeDirectory(loop, this::namenodeRegistered));
    registration = zk.membership().register(new NodeInfo("master-" + self.host() + "-" + self.port(), Role.MASTER,
        self, racks.rackOf(self.host()), Map.of()));
    // A standby keeps the specs of the running jobs at hand, so that a takeover reads only
    // ZooKeeper before it assigns tasks; every 2 s, so that a job submitted just before a
    // failover is usually among them.
    readAhead = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "job-read-ahead");
      t.setDaemon(true);
      return t;
    });
    readAhead.scheduleWithFixedDelay(this::readAhead, 0, 2, TimeUnit.SECONDS);
    election = zk.masterElection(self);
    election.start(this);
    LOG.info("master at {} standing for election", self);
  }

  private void readAhead() {
    try {
      store.prefetch();
    } catch (Exception e) {
      // The takeover reads what is missing itself; nothing is lost but time.
      LOG.debug("cannot read the running jobs ahead: {}", e.toString());
    }
  }

  /** The RMI endpoint, once started (tests bind port 0). */
  public HostPort endpoint() {
    return rpc.endpoint();
  }

  public boolean isLeader() {
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
    Map<String, WorkerInfo> live = new java.util.TreeMap<>();
    for (NodeInfo w : zk.membership().live(Role.WORKER)) {
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
    dispatcher.setEpoch(epoch);
    loop.lead(tracker).join();
    loop.call(t -> {
      t.tick();
      return null;
    });
  }

  private boolean namenodeRegistered() {
    return !zk.membership().live(Role.NAMENODE).isEmpty();
  }

  /** Takes over the jobs an earlier leader accepted and did not finish. */
  private void recoverJobs(JobTracker tracker, Map<String, WorkerInfo> live) {
    try {
      for (JobStore.Saved saved : store.load()) {
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

  @Override
  public void revokeLeadership() {
    loop.stepDown().join();
  }

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
    if (loop != null) {
      loop.close();
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (finisher != null) {
      finisher.close();
    }
    if (rpc != null) {
      rpc.close();
    }
    if (zk != null) {
      zk.close();
    }
  }
}
