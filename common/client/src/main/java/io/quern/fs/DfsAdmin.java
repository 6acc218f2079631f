package io.quern.fs;

import io.quern.cli.Sizes;
import io.quern.conf.Configuration;
import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.SafeModeAction;
import io.quern.util.GenericOptionsParser;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The DFS part of {@code quern admin}: {@code -report} (space per DataNode), {@code -safemode
 * get|enter|leave} and {@code -decommission HOST}. Errors are one sentence on stderr, status 1.
 */
public final class DfsAdmin {
  private DfsAdmin() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    String[] rest = new GenericOptionsParser(conf, args).getRemainingArgs();
    System.exit(run(conf, rest));
  }

  public static int run(Configuration conf, String[] args) {
    return run(conf, args, System.out, System.err);
  }

  public static int run(Configuration conf, String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println("Usage: quern admin -report | -safemode get|enter|leave | -decommission HOST");
      return 1;
    }
    try (ZkRmiConnector c = ZkRmiConnector.connect(conf)) {
      ClientNamenodeProtocol nn = c.namenode();
      switch (args[0]) {
        case "-report" -> report(nn.getDatanodeReport(), out);
        case "-safemode" -> {
          if (args.length != 2) {
            err.println("Usage: quern admin -safemode get|enter|leave");
            return 1;
          }
          SafeModeAction action;
          try {
            action = SafeModeAction.valueOf(args[1].toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            err.println("admin: -safemode takes get, enter or leave, not '" + args[1] + "'.");
            return 1;
          }
          out.println("Safe mode is " + (nn.setSafeMode(action) ? "ON" : "OFF"));
        }
        case "-decommission" -> {
          if (args.length != 2) {
            err.println("Usage: quern admin -decommission HOST");
            return 1;
          }
          List<String> ids = nn.decommission(args[1]);
          if (ids.isEmpty()) {
            err.println("admin: no live DataNode on " + args[1] + ".");
            return 1;
          }
          out.println("Decommissioning " + String.join(", ", ids)
              + "; watch progress with 'quern admin -report'.");
        }
        default -> {
          err.println("admin: unknown DFS command " + args[0] + ".");
          return 1;
        }
      }
      return 0;
    } catch (IOException e) {
      err.println("admin: " + (e instanceof java.rmi.RemoteException ? io.quern.rpc.RpcErrors.describe(e) : e.getMessage()));
      return 1;
    }
  }

  private static void report(List<DatanodeReport> nodes, PrintStream out) {
    long cap = nodes.stream().mapToLong(DatanodeReport::capacity).sum();
    long used = nodes.stream().mapToLong(DatanodeReport::used).sum();
    long rem = nodes.stream().mapToLong(DatanodeReport::remaining).sum();
    out.println("Configured Capacity: " + cap + " (" + Sizes.human(cap) + ")");
    out.println("DFS Used: " + used + " (" + Sizes.human(used) + ")");
    out.println("DFS Remaining: " + rem + " (" + Sizes.human(rem) + ")");
    out.println();
    out.println("Live datanodes (" + nodes.size() + "):");
    for (DatanodeReport d : nodes) {
      out.println();
      out.println("Name: " + d.id() + " (" + d.rack() + ")");
      out.println("Decommission Status : " + switch (d.adminState()) {
        case NORMAL -> "Normal";
        case DECOMMISSIONING -> "Decommission in progress";
        case DECOMMISSIONED -> "Decommissioned";
      });
      out.println("Configured Capacity: " + d.capacity() + " (" + Sizes.human(d.capacity()) + ")");
      out.println("DFS Used: " + d.used() + " (" + Sizes.human(d.used()) + ")");
      out.println("DFS Remaining: " + d.remaining() + " (" + Sizes.human(d.remaining()) + ")");
      out.println("Blocks: " + d.blocks());
    }
  }
}
