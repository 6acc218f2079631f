package io.quern.worker;

import io.quern.conf.DurationKey;
import io.quern.conf.FloatKey;
import io.quern.conf.IntKey;
import io.quern.conf.StringKey;
import java.util.concurrent.TimeUnit;

/**
 * The worker's configuration keys (mapred-default.xml declares each with its default and description).
 * Each key reads its default from there; a key declared with an empty value has none (see
 * {@link io.quern.conf.ConfKey}).
 */
public final class WorkerKeys {
  /** JVM options of task child JVMs; @taskid@ is replaced by the child's id. The throughput collector by default: a batch task wants throughput, and with G1 a 256 MB heap makes every 1 MiB transfer buffer a humongous allocation (terasort of 1 GB: 19 s with it, 23 s with G1). Options given here replace these, so keep -XX:+UseParallelGC (or choose another collector) when raising the heap. */
  public static final StringKey CHILD_JAVA_OPTS = new StringKey("mapred.child.java.opts");
  /** Log level inside task child JVMs. */
  public static final StringKey CHILD_LOG_LEVEL = new StringKey("mapred.child.log.level");
  /** Who task child JVMs run as, so that task code cannot read the worker's files (the cluster secret among them) or another job's: auto = a user id of the job's own from mapred.child.uid.range when the worker runs as root and such a user can read the installation, else the worker's own user (with a warning); worker = always the worker's own user; or one user name for every child, which the worker (as root) switches to with setpriv or refuses to start. */
  public static final StringKey CHILD_RUN_AS_USER = new StringKey("mapred.child.run.as.user");
  /** User ids handed to jobs' child JVMs under mapred.child.run.as.user=auto, held host-wide (by lock files in the temp dir) while a job has files on the worker; no account needs to exist. */
  public static final StringKey CHILD_UID_RANGE = new StringKey("mapred.child.uid.range");
  /** How often a worker asks the active master which of the jobs it holds have ended, and deletes their child JVM, processes and files: the master's own word (sent when a job ends) is lost when that master dies or is cut off first. 0 turns the check off. */
  public static final DurationKey ENDED_JOBS_CHECK_INTERVAL = new DurationKey("mapred.worker.ended.jobs.check.interval", TimeUnit.MILLISECONDS);
  /** Map slots of a worker; defaults to its number of cores. */
  public static final IntKey MAP_SLOTS = new IntKey(io.quern.mapreduce.server.tasktracker.TTConfig.TT_MAP_SLOTS);
  /** RMI port of a worker (task launches, shuffle, its children), bound on quern.daemon.host. */
  public static final IntKey PORT = new IntKey("mapred.worker.port");
  /** Map outputs a reducer fetches at once. */
  public static final IntKey REDUCE_PARALLEL_COPIES = new IntKey("mapred.reduce.parallel.copies");
  /** Reduce slots of a worker; defaults to half its cores, at least 1. */
  public static final IntKey REDUCE_SLOTS = new IntKey(io.quern.mapreduce.server.tasktracker.TTConfig.TT_REDUCE_SLOTS);
  /** Splits of the synthetic input of the simulated-worker benchmark (bin/quern bench master): empty, on no host, one map each. */
  public static final IntKey SIM_SPLITS = new IntKey(io.quern.worker.sim.SyntheticInputFormat.SPLITS);
  /** A task that reports no progress for this long is killed and failed. A job may set its own (the worker and the master both honour it); 0 never times its tasks out. */
  public static final DurationKey TASK_TIMEOUT = new DurationKey(io.quern.mapreduce.TaskTimeouts.OLD_KEY, TimeUnit.MILLISECONDS);
  /** Directory of the stdout and stderr of task child JVMs, per worker and job. */
  public static final StringKey USERLOG_DIR = new StringKey("mapred.userlog.dir");
  /** Hours a worker keeps a job's task logs (stdout, stderr) after anything in them last changed, once the job has ended there; the child JVMs' own output files go after as long. 0 keeps them forever. */
  public static final FloatKey USERLOG_RETAIN_HOURS = new FloatKey("mapred.userlog.retain.hours");
  /** Name of a worker in the cluster's membership and its log directories; empty, worker-HOST-PORT from its RPC address. */
  public static final StringKey WORKER_ID = new StringKey("quern.worker.id");
  private WorkerKeys() {}
}
