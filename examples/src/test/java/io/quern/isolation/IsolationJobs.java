package io.quern.isolation;

import io.quern.conf.Configuration;
import io.quern.conf.UserName;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.net.HostPort;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.DatanodeCommands;
import io.quern.protocol.dfs.DatanodeProtocol;
import io.quern.protocol.dfs.SafeModeAction;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.ChildUmbilicalProtocol;
import io.quern.protocol.mapred.JobSubmissionProtocol;
import io.quern.protocol.mapred.ShuffleProtocol;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.rpc.RpcClient;
import io.quern.security.ClusterCredentials;
import io.quern.security.SecretFile;
import io.quern.util.GenericOptionsParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.rmi.Remote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jobs whose tasks try what a task of a hostile job would: look for the cluster secret, call
 * other jobs' endpoints and the cluster's administrative ones, read another user's files. They
 * report what happened as output lines ({@code PROBE<TAB>OUTCOME}); the tests judge. Runs in
 * the in-JVM cluster directly and, packed into a jar, on the pseudo-distributed one through
 * {@code bin/quern jar JAR io.quern.isolation.IsolationJobs KIND IN OUT}.
 */
public final class IsolationJobs {
  public static final String PREFIX = "isolation.";
  private static final String[] CHILD_ARGS_NAMES = {"worker", "childId", "localRoot", "logDir", "threads", "conf"};

  private IsolationJobs() {}

  /** {@code KIND IN OUT}, KIND one of secret, hostile, sideread; isolation.* settings as -D options. */
  public static void main(String[] args) throws Exception {
    GenericOptionsParser parsed = new GenericOptionsParser(args);
    String[] rest = parsed.getRemainingArgs();
    Job job = job(parsed.getConfiguration(), rest[0], rest[1], rest[2]);
    boolean ok = job.waitForCompletion(true);
    if (!ok) {
      System.err.println("job failed: " + job.getFailureInfo());
    }
    System.exit(ok ? 0 : 1);
  }

  /** A map-only job of the given kind over {@code in}. */
  public static Job job(Configuration conf, String kind, String in, String out) throws IOException {
    Job job = Job.getInstance(conf, "isolation-" + kind);
    job.setJarByClass(IsolationJobs.class);
    job.setMapperClass(switch (kind) {
      case "secret" -> SecretProbeMapper.class;
      case "hostile" -> HostileMapper.class;
      case "sideread" -> SideReadMapper.class;
      case "claim" -> SideReadMapper.class;
      case "committer" -> Mapper.class;
      default -> throw new IllegalArgumentException("no isolation job " + kind);
    });
    if (kind.equals("committer")) {
      job.setNumReduceTasks(0);
      job.setOutputFormatClass(WitnessedOutputFormat.class);
      job.setOutputKeyClass(LongWritable.class);
      job.setOutputValueClass(Text.class);
      FileInputFormat.addInputPath(job, in);
      FileOutputFormat.setOutputPath(job, out);
      return job;
    }
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    FileInputFormat.addInputPath(job, in);
    FileOutputFormat.setOutputPath(job, out);
    return job;
  }

  /**
   * A text output whose job commit writes {@code _COMMITTED_BY}: the main class of the JVM it ran
   * in and whether that JVM could load the cluster secret. User code: it must run in a task JVM,
   * never in the master.
   */
  public static final class WitnessedOutputFormat<K, V>
      extends io.quern.mapreduce.lib.output.TextOutputFormat<K, V> {
    private io.quern.mapreduce.OutputCommitter committer;

    @Override
    public synchronized io.quern.mapreduce.OutputCommitter getOutputCommitter(
        io.quern.mapreduce.TaskAttemptContext context) {
      if (committer == null) {
        String out = getOutputPath(context).toString();
        committer = new io.quern.mapreduce.lib.output.FileOutputCommitter(out, context) {
          @Override
          public void commitJob(io.quern.mapreduce.JobContext job) throws IOException {
            super.commitJob(job);
            String main = System.getProperty("sun.java.command", "").split(" ")[0];
            String secret;
            try {
              SecretFile.load(SecretFile.path(job.getConfiguration()));
              secret = "secret LOADED";
            } catch (RuntimeException e) {
              secret = "secret REFUSED";
            }
            FileSystem fs = FileSystem.get(job.getConfiguration());
            try (var w = fs.create(new Path(out + "/_COMMITTED_BY"))) {
              w.write((main + "\n" + secret + "\n").getBytes(StandardCharsets.UTF_8));
            }
          }
        };
      }
      return committer;
    }
  }

  /** The command line arguments of this child JVM's main class, by name (see ChildMain). */
  static Map<String, String> childArgs() {
    String[] cmd = System.getProperty("sun.java.command", "").split(" ");
    Map<String, String> args = new TreeMap<>();
    for (int i = 1; i < cmd.length && i <= CHILD_ARGS_NAMES.length; i++) {
      args.put(CHILD_ARGS_NAMES[i - 1], cmd[i]);
    }
    return args;
  }

  /**
   * Emits everything a task can see without trying hard: its configuration, environment,
   * command line, system properties and the contents of every file these name; then what its
   * credentials are and whether the secret file the configuration names can be loaded.
   */
  public static final class SecretProbeMapper extends Mapper<LongWritable, Text, Text, NullWritable> {
    @Override
    public void run(Context context) throws IOException, InterruptedException {
      Configuration conf = context.getConfiguration();
      List<String> seen = new ArrayList<>();
      for (Map.Entry<String, String> e : conf) {
        seen.add("conf " + e.getKey() + "=" + e.getValue());
      }
      System.getenv().forEach((k, v) -> seen.add("env " + k + "=" + v));
      ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(a -> seen.add("jvmarg " + a));
      seen.add("command " + System.getProperty("sun.java.command"));
      System.getProperties().forEach((k, v) -> seen.add("property " + k + "=" + v));
      List<String> files = new ArrayList<>();
      for (String line : seen) {
        for (String token : line.split("[ =:,]")) {
          if (token.startsWith("/") && token.length() > 1) {
            java.nio.file.Path p = java.nio.file.Path.of(token);
            if (Files.isRegularFile(p) && Files.isReadable(p) && Files.size(p) < (1 << 20)) {
              files.add("file " + p + ":\n" + Files.readString(p, StandardCharsets.ISO_8859_1));
            }
          }
        }
      }
      seen.addAll(files);
      // Where the secret lies by default is no secret: try to read it there, as an attacker would.
      String guess = conf.get("isolation.secret.path", conf.get("quern.tmp.dir") + "/secret");
      try {
        Files.readAllBytes(java.nio.file.Path.of(guess));
        seen.add("secretread READ");
      } catch (IOException e) {
        seen.add("secretread DENIED " + e.getClass().getSimpleName());
      }
      seen.add("taskuid " + Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"));
      seen.add("credentials " + ClusterCredentials.installed().map(c -> c.mode().toString()).orElse("none"));
      try {
        SecretFile.load(SecretFile.path(conf));
        seen.add("secretfile LOADED");
      } catch (RuntimeException e) {
        seen.add("secretfile REFUSED: " + e.getMessage());
      }
      for (String line : seen) {
        context.write(new Text(line), NullWritable.get());
      }
    }
  }

  /**
   * Calls what a task must not be able to: another job's map output and attempts on its worker,
   * the worker's commands, the master, the NameNode's and DataNodes' administration. Targets
   * come from {@code isolation.*} settings; a probe whose target is not set is skipped.
   */
  public static final class HostileMapper extends Mapper<LongWritable, Text, Text, NullWritable> {
    private Context context;

    @Override
    public void run(Context ctx) throws IOException, InterruptedException {
      this.context = ctx;
      Configuration conf = ctx.getConfiguration();
      String otherJob = conf.get(PREFIX + "other.job");
      String otherMap = conf.get(PREFIX + "other.map");
      String otherReduce = conf.get(PREFIX + "other.reduce");
      Map<String, String> me = childArgs();
      HostPort worker = HostPort.parse(me.get("worker"));
      emit("credentials", ClusterCredentials.installed().map(Object::toString).orElse("none"));
      if (otherJob != null) {
        ShuffleProtocol shuffle = lookup(worker, ShuffleProtocol.NAME, ShuffleProtocol.class);
        probe("shuffle.otherJob", () -> shuffle.fetch(otherJob, otherMap, 0, 0, 1024));
        String mine = ctx.getTaskAttemptID().getJobID().toString();
        probe("shuffle.pathEscape", () -> shuffle.fetch(mine, "../" + otherJob + "/" + otherMap, 0, 0, 1024));
        ChildUmbilicalProtocol umbilical = lookup(worker, ChildUmbilicalProtocol.NAME, ChildUmbilicalProtocol.class);
        AttemptStatus forged = new AttemptStatus(1, otherReduce, null, 0.5f, "hostile", CountersSnapshot.EMPTY, null);
        probe("umbilical.statusUpdate", () -> umbilical.statusUpdate(forged));
        probe("umbilical.canCommit", () -> umbilical.canCommit(1, otherReduce));
        probe("umbilical.failed", () -> {
          umbilical.failed(forged, "failed by a hostile task", false);
          return null;
        });
        probe("umbilical.done", () -> {
          umbilical.done(forged);
          return null;
        });
        probe("umbilical.mapOutputEvents", () -> umbilical.mapOutputEvents(1, otherJob, 0));
        probe("umbilical.fetchFailed", () -> {
          umbilical.fetchFailed(1, otherReduce, otherMap);
          return null;
        });
        String ownChild = me.get("childId");
        String prefix = ownChild.substring(0, ownChild.lastIndexOf('_') + 1);
        StringBuilder stolen = new StringBuilder();
        int refused = 0;
        for (int n = 1; n <= 8; n++) {
          String child = prefix + n;
          if (child.equals(ownChild)) {
            continue;
          }
          try {
            io.quern.protocol.mapred.TaskLaunch got = umbilical.nextTask(child, 1);
            if (got != null && got.attemptId() != null) {
              stolen.append(' ').append(got.attemptId());
            }
          } catch (Exception e) {
            if (refusal(e) != null) {
              refused++;
            }
          }
        }
        emit("umbilical.nextTask", stolen.length() > 0 ? "ALLOWED: took" + stolen
            : refused > 0 ? "REFUSED: " + refused + " other children" : "NOTHING: no other child found");
      }
      TaskLaunchProtocol launch = lookup(worker, TaskLaunchProtocol.NAME, TaskLaunchProtocol.class);
      String victim = otherReduce != null ? otherReduce : ctx.getTaskAttemptID().toString();
      probe("worker.kill", () -> {
        launch.kill(Long.MAX_VALUE, victim);
        return null;
      });
      probe("worker.jobFinished", () -> {
        launch.jobFinished(Long.MAX_VALUE, otherJob != null ? otherJob : "job_0_0001");
        return null;
      });
      probe("worker.readLog", () -> launch.readLog(victim, "stderr", 0, 100));
      String master = conf.get(PREFIX + "master");
      if (master != null) {
        probe("master.submission", () -> lookup(HostPort.parse(master), JobSubmissionProtocol.NAME,
            JobSubmissionProtocol.class).list());
      }
      String namenode = conf.get(PREFIX + "namenode");
      if (namenode != null) {
        ClientNamenodeProtocol nn = lookup(HostPort.parse(namenode), ClientNamenodeProtocol.NAME,
            ClientNamenodeProtocol.class);
        probe("namenode.setSafeMode", () -> nn.setSafeMode(SafeModeAction.ENTER));
        probe("namenode.decommission", () -> nn.decommission("127.0.0.2"));
        probe("namenode.datanodeReport", nn::getDatanodeReport);
        DatanodeProtocol dnp = lookup(HostPort.parse(namenode), DatanodeProtocol.NAME, DatanodeProtocol.class);
        probe("namenode.blockReport", () -> dnp.blockReport("datanode-forged", List.of()));
        String bobsFile = conf.get(PREFIX + "side.file");
        if (bobsFile != null) {
          probe("namenode.claimOtherUser", () -> nn.getBlockLocations(conf.get(PREFIX + "claim.user"), bobsFile,
              0, 1, "127.0.0.1"));
        }
      }
      String datanode = conf.get(PREFIX + "datanode");
      if (datanode != null) {
        DatanodeCommands dn = lookup(HostPort.parse(datanode), DatanodeCommands.NAME, DatanodeCommands.class);
        probe("datanode.invalidate", () -> {
          dn.invalidate(List.of(1L));
          return null;
        });
        // A block of a file the job's user may not read, by its id: DataNodes want the NameNode's token.
        String block = conf.get(PREFIX + "block");
        String ownFile = conf.get(PREFIX + "own.file");
        if (block != null && ownFile != null && namenode != null) {
          long other = Long.parseLong(block);
          BlockTransferProtocol bt = lookup(HostPort.parse(datanode), BlockTransferProtocol.NAME,
              BlockTransferProtocol.class);
          ClientNamenodeProtocol nn = lookup(HostPort.parse(namenode), ClientNamenodeProtocol.NAME,
              ClientNamenodeProtocol.class);
          io.quern.protocol.dfs.LocatedBlock own = nn.getBlockLocations("", ownFile, 0, 1, "127.0.0.1").blocks().get(0);
          probe("datanode.readOwnBlock", () -> bt.readChunk(own.blockId(), 0, 4, own.accessToken()).data());
          probe("datanode.readWithoutToken", () -> bt.readChunk(other, 0, 16, null).data());
          probe("datanode.readWithOwnBlocksToken", () -> bt.readChunk(other, 0, 16, own.accessToken()).data());
          probe("datanode.truncateWithoutToken", () -> {
            bt.truncateReplica(other, 0, null);
            return null;
          });
          probe("namenode.reportBadBlocks", () -> {
            nn.reportBadBlocks(List.of(new io.quern.protocol.dfs.BadReplica(other, datanode, own.accessToken())));
            return null;
          });
          // With a write token of its own, a task names a pipeline: the DataNode must not dial
          // an address the task chose, nor take a registered DataNode's id at another address.
          String ownDir = ownFile.substring(0, ownFile.lastIndexOf('/'));
          io.quern.protocol.dfs.CreatedFile created = nn.createWithBlock(new io.quern.protocol.dfs.CreateRequest(
              ownDir + "/pipeline-probe-" + ctx.getTaskAttemptID(), "hostile-" + ctx.getTaskAttemptID(), "", true, 1,
              1 << 20), datanode.substring(0, datanode.indexOf(':')));
          io.quern.protocol.dfs.LocatedBlock mine = created.firstBlock();
          byte[] data = new byte[512];
          long[] sums = io.quern.fs.ChunkChecksums.compute(data, 0, data.length, 512);
          io.quern.protocol.dfs.DatanodeRef first = mine.locations().get(0);
          BlockTransferProtocol head = lookup(new HostPort(first.host(), first.port()), BlockTransferProtocol.NAME,
              BlockTransferProtocol.class);
          int port = first.port();
          probe("datanode.pipelineToAnywhere", () -> head.writeChunk(new io.quern.protocol.dfs.WriteChunk(mine.blockId(),
              0, data, sums, 512, List.of(new io.quern.protocol.dfs.DatanodeRef("127.0.0.9:" + port, "127.0.0.9", port,
                  "/rack1")), false, mine.accessToken())));
          probe("datanode.pipelineUnderAnotherId", () -> head.finalizeBlock(mine.blockId(), 0,
              List.of(new io.quern.protocol.dfs.DatanodeRef("127.0.0.3:" + port, "127.0.0.9", port, "/rack1")),
              mine.accessToken(), 0));
        }
      }
    }

    private interface Call {
      Object call() throws Exception;
    }

    private void probe(String name, Call call) throws IOException, InterruptedException {
      String outcome;
      try {
        Object result = call.call();
        outcome = "ALLOWED: " + (result instanceof byte[] b ? b.length + " bytes" : String.valueOf(result));
      } catch (Exception e) {
        String why = refusal(e);
        outcome = why != null ? "REFUSED: " + why : "ERROR: " + e;
      }
      emit(name, outcome);
    }

    private void emit(String name, String outcome) throws IOException, InterruptedException {
      context.write(new Text(name + "\t" + outcome.replace('\n', ' ')), NullWritable.get());
    }

    private <T extends Remote> T lookup(HostPort at, String name, Class<T> iface) throws IOException {
      try {
        return RpcClient.lookup(context.getConfiguration(), at, name, iface);
      } catch (java.rmi.NotBoundException e) {
        throw new IOException(name + " is not bound at " + at, e);
      }
    }
  }

  /**
   * What refused a call, if it was refused: the server's access check, the DFS's permission
   * check, a map output the shuffle will not serve, or the handshake of a server that does not
   * take job tokens. Null for any other failure.
   */
  static String refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String type = t.getClass().getName();
      if (t instanceof java.rmi.AccessException || t instanceof io.quern.protocol.dfs.AccessControlException
          || t instanceof io.quern.protocol.mapred.MapOutputMissingException
          || t instanceof io.quern.security.AuthenticationException) {
        return type.substring(type.lastIndexOf('.') + 1) + ": " + t.getMessage();
      }
    }
    String all = String.valueOf(e);
    return all.contains("does not accept job tokens") ? all : null;
  }

  /**
   * Acts in the DFS claiming to be {@code isolation.claim.user} (when set): creates {@code
   * isolation.write.file} if set, then reads {@code isolation.side.file} if set and emits its
   * lines. A refusal fails the task, and so the job.
   */
  public static final class SideReadMapper extends Mapper<LongWritable, Text, Text, NullWritable> {
    @Override
    public void run(Context context) throws IOException, InterruptedException {
      Configuration conf = new Configuration(context.getConfiguration());
      String claim = conf.get(PREFIX + "claim.user");
      if (claim != null) {
        conf.set(io.quern.conf.UserName.KEY, claim);
      }
      String write = conf.get(PREFIX + "write.file");
      if (write != null) {
        Path file = new Path(write);
        try (var out = file.getFileSystem(conf).create(file)) {
          out.write(("written claiming to be " + claim + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      String read = conf.get(PREFIX + "side.file");
      if (read != null) {
        Path file = new Path(read);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = file.getFileSystem(conf).open(file)) {
          in.transferTo(bytes);
        }
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
          context.write(new Text(line), NullWritable.get());
        }
      }
    }
  }

  /**
   * An identity reducer that first holds its job open, and with it the job's map outputs on the
   * workers, until the file {@code isolation.gate} exists.
   */
  public static final class GateReducer extends Reducer<Object, Object, Object, Object> {
    @Override
    public void run(Context context) throws IOException, InterruptedException {
      java.nio.file.Path gate = java.nio.file.Path.of(context.getConfiguration().get(PREFIX + "gate"));
      io.quern.testutil.Wait.until("the test to open the gate " + gate, java.time.Duration.ofMinutes(3),
          () -> Files.exists(gate));
      super.run(context);
    }
  }
}
