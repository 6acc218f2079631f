package io.quern.worker.child;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.conf.UserName;
import io.quern.net.HostPort;
import io.quern.protocol.mapred.ChildUmbilicalProtocol;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.rpc.RpcClient;
import io.quern.security.ClusterCredentials;
import io.quern.security.Security;
import io.quern.worker.ChildBinding;
import io.quern.worker.ChildConf;
import io.quern.worker.LocalDirs;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The child JVM of one job on one worker: {@code ChildMain WORKER_ENDPOINT CHILD_ID LOCAL_ROOT
 * LOG_DIR THREADS WORKER_CONF}. It first waits for its {@link ChildBinding} on stdin (a spare
 * child waits there until the pool gives it a job): the job's token is its only credential, and
 * it makes no call before it has it. It then asks its worker for attempts and runs up to THREADS
 * at once, each on its own thread, as the job's submitting user. It exits when the worker no
 * longer knows it (the job ended) or the worker is gone.
 */
public final class ChildMain {
  private ChildMain() {}

  private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

  public static void main(String[] args) throws Exception {
    if (Runtime.version().feature() <= 21 && System.getProperty(LAUNCH_MECHANISM) == null) {
      // Programs start in half the time (about 4 ms less per task of a farm) without the helper
      // process posix_spawn execs first; later JDKs drop VFORK, and keep their default there.
      System.setProperty(LAUNCH_MECHANISM, "VFORK");
    }
    if (args.length != 6) {
      System.err.println("usage: ChildMain WORKER_ENDPOINT CHILD_ID LOCAL_ROOT LOG_DIR THREADS WORKER_CONF");
      System.exit(2);
    }
    Configuration workerConf = new Configuration(false);
    workerConf.addResource(Path.of(args[5]));
    // The attempts' DFS calls ride out a NameNode restart rather than fail the attempt.
    Configuration conf = io.quern.fs.NamenodeWaits.forJobs(workerConf);
    ChildConf.withoutSecret(conf);
    ChildWarmup.loadClasses(new LocalDirs(Path.of(args[2]), Path.of(args[3])).rehearsals(), Security.enabled(conf));
    ChildBinding binding;
    try {
      binding = ChildBinding.read(System.in);
    } catch (java.io.EOFException e) {
      System.exit(0); // a spare the worker let go of without a job
      return;
    } catch (java.io.IOException e) {
      System.err.println(args[1] + ": cannot read its binding from the worker: " + e.getMessage() + "; exiting");
      System.exit(2);
      return;
    }
    if (Security.enabled(conf)) {
      if (binding.token() == null) {
        System.err.println(args[1] + ": security is enabled but the worker sent no job token; exiting");
        System.exit(2);
      }
      Security.initChild(conf, binding.token());
    } else {
      ClusterCredentials.install(ClusterCredentials.disabled());
    }
    if (binding.token() != null) {
      TokenRenewals.follow(System.in, binding, conf);
    }
    conf.set(UserName.KEY, binding.subject().user());
    ChildUmbilicalProtocol worker = RpcClient.lookup(conf, HostPort.parse(args[0]), ChildUmbilicalProtocol.NAME,
        ChildUmbilicalProtocol.class);
    io.quern.fs.ZkRmiConnector.useNamenodeLocator(new WorkerNamenodeLocator(worker));
    String childId = args[1];
    // The worker's host: the attempts' DFS clients read its DataNode's replicas short-circuit.
    String workerHost = CoreKeys.DAEMON_HOST.get(workerConf);
    LocalDirs dirs = new LocalDirs(Path.of(args[2]), Path.of(args[3]));
    int threads = Integer.parseInt(args[4]);
    AttemptLogs.install();
    ChildWarmup.warmFileSystem(conf, worker);
    Semaphore free = new Semaphore(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "attempt"));
    int failures = 0;
    while (true) {
      free.acquire();
      TaskLaunch launch;
      try {
        launch = worker.nextTask(childId, 5_000);
        failures = 0;
      } catch (Exception e) {
        free.release();
        // The worker is gone or unreachable: nothing of ours can be reported any more.
        if (++failures >= 3) {
          System.err.println(childId + ": cannot reach the worker, exiting: " + e);
          System.exit(1);
        }
        Thread.sleep(1000);
        continue;
      }
      if (launch == null) {
        free.release();
        continue;
      }
      if (launch.attemptId() == null) {
        System.exit(0);
      }
      pool.execute(() -> {
        try {
          new AttemptRunner(worker, launch, dirs, threads, binding.subject().user(), workerHost).run();
        } finally {
          free.release();
        }
      });
    }
  }
}
