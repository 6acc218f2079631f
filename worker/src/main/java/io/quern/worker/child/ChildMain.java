package io.quern.worker.child;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.protocol.ChildUmbilicalProtocol;
import io.quern.protocol.TaskLaunch;
import io.quern.rpc.RpcClient;
import io.quern.worker.LocalDirs;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The child JVM of one job on one worker: {@code ChildMain WORKER_ENDPOINT CHILD_ID LOCAL_ROOT
 * LOG_DIR THREADS WORKER_CONF}. It asks its worker for attempts and runs up to THREADS at once, each on its own
 * thread. It exits when the worker no longer knows it (the job ended) or the worker is gone.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: ChildMain WORKER_ENDPOINT CHILD_ID LOCAL_ROOT LOG_DIR THREADS WORKER_CONF");
      System.exit(2);
    }
    Configuration conf = new Configuration(false);
    conf.addResource(Path.of(args[5]));
    ChildUmbilicalProtocol worker = RpcClient.lookup(conf, HostPort.parse(args[0]), ChildUmbilicalProtocol.NAME,
        ChildUmbilicalProtocol.class);
    String childId = args[1];
    LocalDirs dirs = new LocalDirs(Path.of(args[2]), Path.of(args[3]));
    int threads = Integer.parseInt(args[4]);
    AttemptLogs.install();
    ChildWarmup.start(conf);
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
          new AttemptRunner(worker, launch, dirs, threads).run();
        } finally {
          free.release();
        }
      });
    }
  }
}
