package io.quern.cli;

import io.quern.cluster.LeaderElection;
import io.quern.cluster.Membership;
import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeAttributes;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.cluster.zk.ZkUnavailableException;
import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.fs.DfsAdmin;
import io.quern.net.HostPort;
import io.quern.security.SecretFile;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code quern admin}: what the cluster looks like, read from ZooKeeper. Liveness is the
 * registration itself, so the report shows exactly the daemons the cluster routes work to.
 */
public final class AdminCli extends Configured implements Tool {
  /** Thread-safe (PrintStream); a command runs on one thread. */
  private final PrintStream out;

  public AdminCli() {
    this(System.out);
  }

  AdminCli(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(CliMain.run("admin", new AdminCli(), args));
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length == 0) {
      return usage();
    }
    switch (args[0]) {
      case "-report":
        return withCluster(this::report);
      case "-safemode":
      case "-decommission":
        return DfsAdmin.run(getConf(), args);
      case "-masters":
        return withCluster(this::masters);
      case "-watch":
        return withCluster(this::watch);
      case "-wait":
        WaitCondition cond = WaitCondition.parse(args);
        return withCluster(zk -> cond.await(zk, out));
      case "-gen-secret":
        return genSecret();
      case "-help":
      case "--help":
        usage();
        return 0;
      default:
        return usage();
    }
  }

  private int usage() {
    System.err.println("Usage: quern admin [-D key=value] -report | -masters | -safemode get|enter|leave"
        + " | -decommission HOST | -gen-secret"
        + " | -watch | -wait ROLE COUNT [ROLE COUNT...] [active-master 1] [-timeout SECONDS]");
    return 1;
  }

  /** Writes a new cluster secret where the configuration says; never replaces one. */
  int genSecret() {
    Path file = SecretFile.path(getConf());
    try {
      SecretFile.create(file);
    } catch (FileAlreadyExistsException e) {
      System.err.println("admin: a cluster secret already exists at " + file
          + "; remove it first to replace it (running daemons keep the old one until restarted)");
      return 1;
    }
    out.println("Wrote a new cluster secret to " + file + " (mode 0600); copy it to every node of the cluster");
    return 0;
  }

  interface ClusterCommand {
    int run(ZkCluster zk) throws Exception;
  }

  private int withCluster(ClusterCommand cmd) throws Exception {
    try (ZkCluster zk = ZkCluster.connectForReading(getConf())) {
      return cmd.run(zk);
    } catch (ZkUnavailableException e) {
      System.err.println("admin: " + e.getMessage());
      return 1;
    }
  }

  int report(ZkCluster zk) {
    Membership m = zk.membership();
    out.printf("Quern cluster %s (ZooKeeper %s)%n", zk.layout().root(), zk.quorum());
    Optional<LeaderElection.Leader> leader = zk.leaderView().leader();
    for (Role role : Role.values()) {
      List<NodeInfo> nodes = m.live(role);
      out.printf("%n%s: %d live%n", plural(role), nodes.size());
      for (NodeInfo n : nodes) {
        out.println("  " + describe(n, leader));
      }
    }
    if (m.live(Role.NAMENODE).isEmpty()) {
      return 0;
    }
    out.printf("%nDFS capacity (from the NameNode):%n");
    return DfsAdmin.run(getConf(), new String[] {"-report"}, out, System.err);
  }

  int masters(ZkCluster zk) {
    Optional<LeaderElection.Leader> leader = zk.leaderView().leader();
    Map<String, String> lines = new LinkedHashMap<>();
    for (NodeInfo n : zk.membership().live(Role.MASTER)) {
      lines.put(n.endpoint().toString(), state(n.endpoint(), leader));
    }
    for (HostPort p : zk.leaderView().participants()) {
      lines.putIfAbsent(p.toString(), state(p, leader));
    }
    if (lines.isEmpty()) {
      System.err.println("admin: no master is registered in ZooKeeper " + zk.quorum());
      return 1;
    }
    lines.forEach((endpoint, state) -> out.println(endpoint + " " + state));
    return 0;
  }

  /** Prints membership and leadership changes with timestamps until interrupted. */
  int watch(ZkCluster zk) throws InterruptedException {
    Membership m = zk.membership();
    for (Role role : Role.values()) {
      m.live(role).forEach(n -> event("live", n));
      m.addListener(role, new MembershipListener() {
        @Override
        public void joined(NodeInfo n) {
          event("joined", n);
        }

        @Override
        public void left(NodeInfo n) {
          event("left", n);
        }
      });
    }
    LeaderElection.View view = zk.leaderView();
    view.leader().ifPresent(l -> leaderEvent(Optional.of(l)));
    view.addListener(this::leaderEvent);
    Thread.currentThread().join();
    return 0;
  }

  private synchronized void event(String what, NodeInfo n) {
    out.printf("%s %s %s %s %s%n", Instant.now(), what, n.role().label(), n.endpoint(), n.rack());
    out.flush();
  }

  private synchronized void leaderEvent(Optional<LeaderElection.Leader> leader) {
    out.printf("%s %s%n", Instant.now(),
        leader.map(l -> "leader " + l.endpoint() + " epoch " + l.epoch()).orElse("leader none"));
    out.flush();
  }

  private static String state(HostPort endpoint, Optional<LeaderElection.Leader> leader) {
    return leader.isPresent() && leader.get().endpoint().equals(endpoint) ? "active" : "standby";
  }

  private static String describe(NodeInfo n, Optional<LeaderElection.Leader> leader) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-22s rack %-14s", n.endpoint(), n.rack()));
    if (n.role() == Role.MASTER) {
      b.append(" state ").append(state(n.endpoint(), leader));
      leader.filter(l -> l.endpoint().equals(n.endpoint())).ifPresent(l -> b.append(" epoch ").append(l.epoch()));
    } else {
      // Registered means live: the registration is an ephemeral znode of the daemon's session.
      b.append(" state live");
    }
    String pages = n.attribute(NodeAttributes.HTTP_ADDRESS, null);
    if (pages != null && !pages.isEmpty()) {
      b.append(" pages http://").append(pages).append('/');
    }
    if (n.role() == Role.WORKER) {
      b.append(String.format(" slots %s map %s reduce", n.attribute(NodeAttributes.MAP_SLOTS, "?"),
          n.attribute(NodeAttributes.REDUCE_SLOTS, "?")));
      if (n.longAttribute(NodeAttributes.GPUS, 0) > 0) {
        b.append(" gpus ").append(n.attribute(NodeAttributes.GPU_IDS, "?"));
      }
    }
    String cpus = n.attribute(NodeAttributes.CPUS, null);
    if (cpus != null) {
      b.append(String.format("  cpus %s load %s mem %s free of %s disk %s free of %s", cpus,
          n.attribute(NodeAttributes.LOAD, "n/a"),
          Sizes.human(n.longAttribute(NodeAttributes.MEM_AVAILABLE, -1)),
          Sizes.human(n.longAttribute(NodeAttributes.MEM_TOTAL, -1)),
          Sizes.human(n.longAttribute(NodeAttributes.DISK_FREE, -1)),
          Sizes.human(n.longAttribute(NodeAttributes.DISK_TOTAL, -1))));
    }
    return b.toString();
  }

  private static String plural(Role role) {
    return role == Role.NAMENODE ? "namenode" : role.label() + "s";
  }

  /** Lets tests and scripts run the tool on a configuration of their own. */
  public static int run(Configuration conf, String[] args) throws Exception {
    return ToolRunner.run(conf, new AdminCli(), args);
  }
}
