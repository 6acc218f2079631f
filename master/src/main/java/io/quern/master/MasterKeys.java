package io.quern.master;

import io.quern.conf.BooleanKey;
import io.quern.conf.DoubleKey;
import io.quern.conf.DurationKey;
import io.quern.conf.FloatKey;
import io.quern.conf.IntKey;
import java.util.concurrent.TimeUnit;

/**
 * The master's configuration keys (mapred-default.xml declares each with its default and
 * description, which the keys read; see {@link io.quern.conf.ConfKey}).
 */
public final class MasterKeys {
  /** RMI port of the master, bound on quern.daemon.host (0 picks a free port). */
  public static final IntKey PORT = new IntKey(MasterDaemon.PORT_KEY);
  /** How often the master re-runs scheduling without other events (delay scheduling, speculation). */
  public static final DurationKey TICK = new DurationKey(MasterDaemon.TICK_KEY, TimeUnit.MILLISECONDS);
  /** Attempts of a map task before the job fails. */
  public static final IntKey MAP_MAX_ATTEMPTS = new IntKey(SchedulerSettings.MAP_MAX_ATTEMPTS);
  /** Attempts of a reduce task before the job fails. */
  public static final IntKey REDUCE_MAX_ATTEMPTS = new IntKey(SchedulerSettings.REDUCE_MAX_ATTEMPTS);
  /** Share of a job's maps that must be done before its reduces are scheduled. */
  public static final FloatKey SLOWSTART = new FloatKey(SchedulerSettings.SLOWSTART);
  /** How long a job passes up free slots waiting for a node-local one before it takes a rack-local one. */
  public static final DurationKey NODE_WAIT = new DurationKey(SchedulerSettings.NODE_WAIT, TimeUnit.MILLISECONDS);
  /** How much longer it waits for a rack-local slot before it takes any. */
  public static final DurationKey RACK_WAIT = new DurationKey(SchedulerSettings.RACK_WAIT, TimeUnit.MILLISECONDS);
  /** Whether straggling maps get a backup attempt. */
  public static final BooleanKey SPECULATIVE_MAPS = new BooleanKey(SchedulerSettings.SPECULATIVE_MAPS);
  /** Whether straggling reduces get a backup attempt. */
  public static final BooleanKey SPECULATIVE_REDUCES = new BooleanKey(SchedulerSettings.SPECULATIVE_REDUCES);
  /** How long a task must have run before it may get a backup attempt. */
  public static final DurationKey SPECULATIVE_LAG =
      new DurationKey(SchedulerSettings.SPECULATIVE_LAG, TimeUnit.MILLISECONDS);
  /** How far a task's progress must trail the average of its kind to get a backup attempt. */
  public static final FloatKey SPECULATIVE_GAP = new FloatKey(SchedulerSettings.SPECULATIVE_GAP);
  /** Failed attempts of a job on one worker after which the job avoids that worker. */
  public static final IntKey MAX_WORKER_FAILURES = new IntKey(SchedulerSettings.MAX_WORKER_FAILURES);
  /** Reducer reports of an unfetchable map output after which the map is re-run. */
  public static final IntKey FETCH_FAILURES = new IntKey(SchedulerSettings.FETCH_FAILURES);
  /** An attempt the master hears nothing of for this long is failed and re-run. */
  public static final DurationKey SILENT_ATTEMPT =
      new DurationKey(SchedulerSettings.SILENT_ATTEMPT, TimeUnit.MILLISECONDS);
  /** How long the master keeps a finished job in memory. */
  public static final DurationKey RETIRE_AFTER = new DurationKey(SchedulerSettings.RETIRE_AFTER, TimeUnit.MILLISECONDS);
  /** The most finished jobs of one user the master keeps in memory. */
  public static final IntKey COMPLETED_PER_USER = new IntKey(SchedulerSettings.COMPLETED_PER_USER);
  /** A worker whose published load average is above this gets no new task; empty, load is not considered. */
  public static final DoubleKey MAX_WORKER_LOAD = new DoubleKey(SchedulerSettings.MAX_WORKER_LOAD);

  private MasterKeys() {}
}
