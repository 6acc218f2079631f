package io.quern.worker.sim;

import io.quern.cluster.LeaderElection;
import io.quern.conf.Configuration;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.TextOutputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How far one master goes: real master daemons in their own JVMs, N simulated workers in this
 * one, and map-only jobs of many tasks submitted through the real job client. Prints, per N and
 * task length, the assignments per second sustained over a window, the wait from a freed slot
 * to its next attempt (median, p99), the master's heap after a full GC and its CPU time, the
 * ZooKeeper data it keeps per finished task; and the failover time with a running job, and
 * whether that job then succeeds.
 *
 * <p>{@code MasterBench [-workers 10,100,1000] [-tasks 100000] [-taskms 0,1000] [-runs 3]
 * [-window 30] [-warmup 20000] [-failover] [-watch] [-jfr FILE] [-dir DIR]} ({@code -watch}: a client follows
 * the measured job's status as {@code waitForCompletion} does); the cluster's ZooKeeper and settings come
 * from the configuration ({@code quern.conf.dir}), the masters' JVM options from
 * {@code QUERN_MASTER_OPTS}.
 */
public final class MasterBench {
  private final Configuration conf;
  private final Path dir;
  private final String masterOpts;
  private final List<String> jfr = new ArrayList<>();
  private int jobNumber;
  /** Whether a client follows the measured job, as {@code waitForCompletion} does (a long poll of its status). */
  private boolean watch;
  /** Maps of the job run to its end before the measured one, so that the window finds the master compiled. */
  private int warmupTasks = 20_000;

  private MasterBench(Configuration conf, Path dir, String masterOpts) {
    this.conf = conf;
    this.dir = dir;
    this.masterOpts = masterOpts;
  }

  /** One measured run. */
  record Result(int workers, long taskMillis, double tasksPerSecond, double slotWaitMedianMs, double slotWaitP99Ms,
      double heapMiB, double cpuSecondsPerKiloTask, double cpuShare, int launched, double callsPerTask,
      double jitShare, Map<String, Long> calls, double zkBytesPerTask) {
    Result withHeap(double heap) {
      return new Result(workers, taskMillis, tasksPerSecond, slotWaitMedianMs, slotWaitP99Ms, heap,
          cpuSecondsPerKiloTask, cpuShare, launched, callsPerTask, jitShare, calls, zkBytesPerTask);
    }

    Result withZkBytesPerTask(double bytes) {
      return new Result(workers, taskMillis, tasksPerSecond, slotWaitMedianMs, slotWaitP99Ms, heapMiB,
          cpuSecondsPerKiloTask, cpuShare, launched, callsPerTask, jitShare, calls, bytes);
    }
  }

  /** One failover. */
  record Failover(int workers, double leaderSeconds, double assigningSeconds, String jobState, double jobSeconds) {}

  public static void main(String[] args) throws Exception {
    List<Integer> workers = List.of(10, 100, 1000);
    List<Long> taskMillis = List.of(0L, 1000L);
    int tasks = 100_000;
    int runs = 3;
    int window = 30;
    int warmup = 20_000;
    boolean failover = false;
    boolean watch = false;
    String jfrFile = null;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "quern-master-bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-workers" -> workers = ints(args[++i]).stream().map(Long::intValue).toList();
        case "-tasks" -> tasks = Integer.parseInt(args[++i]);
        case "-taskms" -> taskMillis = ints(args[++i]);
        case "-runs" -> runs = Integer.parseInt(args[++i]);
        case "-window" -> window = Integer.parseInt(args[++i]);
        case "-warmup" -> warmup = Integer.parseInt(args[++i]);
        case "-failover" -> failover = true;
        case "-watch" -> watch = true;
        case "-jfr" -> jfrFile = args[++i];
        case "-dir" -> dir = Path.of(args[++i]);
        default -> {
          System.err.println("Usage: MasterBench [-workers 10,100,1000] [-tasks N] [-taskms 0,1000] [-runs R]"
              + " [-window SECONDS] [-warmup TASKS] [-failover] [-watch] [-jfr FILE] [-dir DIR]");
          System.exit(2);
        }
      }
    }
    Configuration conf = new Configuration();
    // This process stands for the cluster's workers: it makes the cluster secret if no daemon did yet.
    io.quern.security.Security.initDaemon(conf);
    MasterBench bench = new MasterBench(conf, dir, Optional.ofNullable(System.getenv("QUERN_MASTER_OPTS")).orElse(""));
    bench.warmupTasks = warmup;
    bench.watch = watch;
    if (jfrFile != null) {
      bench.jfr.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
    }
    System.out.printf(Locale.ROOT, "machine: %d cores (shared), load average %s; %d tasks per job, window %d s,"
        + " after a warm-up job of %d tasks%n", Runtime.getRuntime().availableProcessors(), loadAverage(), tasks, window,
        warmup);
    List<Result> results = new ArrayList<>();
    for (int n : workers) {
      for (long ms : taskMillis) {
        for (int r = 0; r < runs; r++) {
          Result res = bench.throughput(n, ms, tasks, window);
          results.add(res);
          System.out.printf(Locale.ROOT, "run N=%d task=%d ms: %.0f tasks/s, slot wait median %.1f ms p99 %.1f ms,"
              + " heap %.0f MiB, CPU %.2f s per 1000 tasks (%.0f%% of a core, JIT %.0f%% of it), %.2f calls per task"
              + " %s, %d launched, %.1f bytes of ZooKeeper data per finished task; load %s%n",
              n, ms, res.tasksPerSecond, res.slotWaitMedianMs, res.slotWaitP99Ms, res.heapMiB,
              res.cpuSecondsPerKiloTask, res.cpuShare * 100, res.jitShare * 100, res.callsPerTask, res.calls,
              res.launched, res.zkBytesPerTask, loadAverage());
        }
      }
    }
    List<Failover> failovers = new ArrayList<>();
    if (failover) {
      for (int n : workers) {
        for (int r = 0; r < runs; r++) {
          Failover f = bench.failover(n, tasks);
          failovers.add(f);
          System.out.printf(Locale.ROOT, "failover N=%d: leader after %.2f s, assigning after %.2f s; job %s after"
              + " %.0f s; load %s%n", n, f.leaderSeconds, f.assigningSeconds, f.jobState, f.jobSeconds, loadAverage());
        }
      }
    }
    printTable(results, failovers);
    System.exit(0);
  }

  private static List<Long> ints(String csv) {
    List<Long> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Long.parseLong(s.trim()));
    }
    return out;
  }

  static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static void printTable(List<Result> results, List<Failover> failovers) {
    System.out.println();
    System.out.println("| workers | task | tasks/s (median) | runs | slot free → next task, median / p99 | master heap"
        + " after GC | master CPU per 1000 tasks | of it JIT | calls per task | ZooKeeper bytes per finished task |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    results.stream().map(r -> List.of(r.workers, r.taskMillis)).distinct().forEach(key -> {
      List<Result> rs = results.stream().filter(r -> r.workers == (int) key.get(0) && r.taskMillis == (long) key.get(1))
          .toList();
      System.out.printf(Locale.ROOT, "| %d | %d ms | %.0f | %s | %.1f / %.1f ms | %.0f MiB | %.2f s | %.0f%% | %.2f | %.0f |%n",
          key.get(0),
          key.get(1), median(rs, Result::tasksPerSecond),
          String.join(" ", rs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.tasksPerSecond)).toList()),
          median(rs, Result::slotWaitMedianMs), median(rs, Result::slotWaitP99Ms), median(rs, Result::heapMiB),
          median(rs, Result::cpuSecondsPerKiloTask), median(rs, Result::jitShare) * 100,
          median(rs, Result::callsPerTask), median(rs, Result::zkBytesPerTask));
    });
    if (!failovers.isEmpty()) {
      System.out.println();
      System.out.println("| workers | kill → new leader | kill → first assignment by it | job after failover |");
      System.out.println("|---|---|---|---|");
      for (Failover f : failovers) {
        System.out.printf(Locale.ROOT, "| %d | %.2f s | %.2f s | %s in %.0f s |%n", f.workers, f.leaderSeconds,
            f.assigningSeconds, f.jobState, f.jobSeconds);
      }
    }
  }

  private static <T> double median(List<T> xs, java.util.function.ToDoubleFunction<T> f) {
    double[] v = xs.stream().mapToDouble(f).sorted().toArray();
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * One master, N workers: a warm-up job run to its end, then one job of {@code tasks} maps, of
   * which a window is measured once every slot is filled.
   */
  Result throughput(int workers, long taskMillis, int tasks, int windowSeconds) throws Exception {
    SchedulingStats stats = new SchedulingStats();
    try (MasterProcess master = new MasterProcess(masterOpts, dir.resolve("logs"), "master-" + System.nanoTime(), jfr);
        SimulatedCluster sim = new SimulatedCluster(conf, SimulatedCluster.Options.of(workers, 2, 1), taskMillis,
            stats)) {
      awaitLeader(sim, master, 60);
      if (warmupTasks > 0) {
        // The master's JIT compiles for tens of seconds under this load: a window right after the
        // start measures the compiler as much as the master (40% of its CPU in a 5 s warm-up).
        sim.setTaskMillis(0);
        Job warm = submit(warmupTasks);
        await("the warm-up job", 1800, () -> isComplete(warm));
        sim.setTaskMillis(taskMillis);
      }
      int before = stats.launches();
      Job job = submit(tasks);
      if (watch) {
        Thread follower = new Thread(() -> {
          try {
            job.waitForCompletion(false);
          } catch (Exception e) {
            // the job is killed at the end of the run
          }
        }, "bench-client");
        follower.setDaemon(true);
        follower.start();
      }
      await("the first launch", 120, () -> stats.launches() > before);
      // Every slot filled once (the attempts running before the window are not counted in it).
      long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(2, Math.min(5, taskMillis / 200)));
      await("the slots to fill", 120, () -> System.nanoTime() >= warm);
      long t0 = System.nanoTime();
      double cpu0 = master.cpuSeconds();
      Map<String, Double> threads0 = master.threadCpuSeconds();
      Map<String, Long> calls0 = stats.calls();
      stats.clearSlotWaits();
      long end = t0 + TimeUnit.SECONDS.toNanos(windowSeconds);
      await("the window", windowSeconds + 10L, () -> System.nanoTime() >= end || stats.launches() - before >= tasks);
      long t1 = System.nanoTime();
      double cpu1 = master.cpuSeconds();
      Map<String, Double> threads1 = master.threadCpuSeconds();
      Map<String, Long> calls = new java.util.TreeMap<>();
      stats.calls().forEach((m, n) -> {
        long d = n - calls0.getOrDefault(m, 0L);
        if (d > 0) {
          calls.put(m, d);
        }
      });
      int launched = stats.launchesBetween(t0, t1);
      double seconds = (t1 - t0) / 1e9;
      double jit = threads1.get("jit") - threads0.get("jit");
      Result r = new Result(workers, taskMillis, launched / seconds, stats.slotWaitMillis(0.5),
          stats.slotWaitMillis(0.99), 0, (cpu1 - cpu0) / Math.max(1, launched) * 1000, (cpu1 - cpu0) / seconds,
          stats.launches() - before, calls.values().stream().mapToLong(Long::longValue).sum() / (double) Math.max(1,
              launched), cpu1 > cpu0 ? jit / (cpu1 - cpu0) : 0, calls, 0);
      double heap = master.heapAfterGcMiB();
      r = r.withZkBytesPerTask(recordBytesPerTask(sim, job));
      job.killJob();
      await("the job to end", 120, () -> isComplete(job));
      return r.withHeap(heap);
    }
  }

  /**
   * ZooKeeper data the master keeps for each of the job's finished tasks (the children of the
   * job's znode, which hold their records): attempts launched from now on last an hour, and once
   * the finished count and the data have held still for 2 s (records go out every 200 ms), the
   * data is divided by the finished tasks.
   */
  private double recordBytesPerTask(SimulatedCluster sim, Job job) throws Exception {
    sim.setTaskMillis(3_600_000);
    String path = io.quern.cluster.ClusterLayout.fromConf(conf).job(job.getStatus().jobId());
    long[] seen = {-1, -1, System.nanoTime()};
    String[] error = {null};
    try {
      await("the finished tasks' records to settle", 120, () -> {
        try {
          io.quern.mapreduce.JobStatusReport status = job.getStatus();
          if (status.state().isTerminal()) {
            seen[0] = 0; // the job ended, and the master forgot its records
            return true;
          }
          long done = status.mapsCompleted();
          long bytes = sim.childDataBytes(path)[0];
          if (done != seen[0] || bytes != seen[1]) {
            seen[0] = done;
            seen[1] = bytes;
            seen[2] = System.nanoTime();
            return false;
          }
          return System.nanoTime() - seen[2] >= TimeUnit.SECONDS.toNanos(2);
        } catch (Exception e) {
          error[0] = e.toString();
          return false;
        }
      });
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + " (last seen: " + seen[0] + " tasks finished, " + seen[1]
          + " bytes in " + path + (error[0] == null ? "" : "; " + error[0]) + ")", e);
    }
    return seen[0] == 0 ? Double.NaN : seen[1] / (double) seen[0];
  }

  /**
   * Two masters, N workers, a job of {@code tasks} ~0 ms maps: once a third of them launched, the
   * active master is SIGKILLed; measures until the standby leads and until it assigns, then
   * waits for the job's end.
   */
  Failover failover(int workers, int tasks) throws Exception {
    SchedulingStats stats = new SchedulingStats();
    try (MasterProcess a = new MasterProcess(masterOpts, dir.resolve("logs"), "master-a-" + System.nanoTime(), List.of());
        MasterProcess b = new MasterProcess(masterOpts, dir.resolve("logs"), "master-b-" + System.nanoTime(), List.of());
        SimulatedCluster sim = new SimulatedCluster(conf, SimulatedCluster.Options.of(workers, 2, 1), 0, stats)) {
      LeaderElection.Leader leader = awaitLeader(sim, null, 60);
      await("the standby", 60, () -> sim.masters().participants().size() >= 2);
      Job job = submit(tasks);
      long submitted = System.nanoTime();
      await("a third of the tasks", 600, () -> stats.launches() >= tasks / 3);
      leader = sim.masters().leader().orElseThrow();
      MasterProcess active = leader.endpoint().port() == a.port ? a : b;
      long oldEpoch = leader.epoch();
      long t0 = System.nanoTime();
      active.kill();
      await("a new leader", 120, () -> sim.masters().leader().map(l -> l.epoch() > oldEpoch).orElse(false));
      long tLeader = System.nanoTime();
      await("the new leader's first assignment", 120, () -> stats.firstLaunchAfterEpoch(oldEpoch) > 0);
      long tAssign = stats.firstLaunchAfterEpoch(oldEpoch);
      String state;
      try {
        await("the job to end", 1800, () -> isComplete(job));
        state = job.getJobState().toString();
      } catch (IllegalStateException e) {
        state = "not finished (" + e.getMessage() + ")";
      }
      return new Failover(workers, (tLeader - t0) / 1e9, (tAssign - t0) / 1e9, state,
          (System.nanoTime() - submitted) / 1e9);
    }
  }

  private static boolean isComplete(Job job) {
    try {
      return job.isComplete();
    } catch (java.io.IOException e) {
      return false; // the master moves: ask again
    }
  }

  private LeaderElection.Leader awaitLeader(SimulatedCluster sim, MasterProcess master, int seconds) {
    await("a master to lead", seconds, () -> {
      if (master != null && !master.isAlive()) {
        throw new IllegalStateException("the master exited; see " + master.log);
      }
      return sim.masters().leader().isPresent();
    });
    return sim.masters().leader().orElseThrow();
  }

  /** Submits a map-only job of {@code tasks} synthetic maps through the real job client. */
  private Job submit(int tasks) throws Exception {
    Configuration jc = new Configuration(conf);
    jc.set(MRJobConfig.FRAMEWORK_NAME, "cluster");
    jc.setInt(SyntheticInputFormat.SPLITS, tasks);
    Job job = Job.getInstance(jc, "master-bench-" + tasks);
    job.setInputFormatClass(SyntheticInputFormat.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    job.setNumReduceTasks(0);
    job.getConfiguration().set(FileOutputFormat.OUTDIR,
        "file://" + dir.resolve("out").resolve(Long.toString(System.nanoTime())) + "-" + (++jobNumber));
    job.submit();
    return job;
  }

  static void await(String what, long seconds, BooleanSupplier done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what);
      }
    }
  }

  static JobState stateOf(Job job) throws java.io.IOException {
    return job.getJobState();
  }
}
