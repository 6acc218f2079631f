package io.quern.mapreduce.local;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.filecache.JobCacheFiles;
import io.quern.mapreduce.spi.ClusterMetrics;
import io.quern.mapreduce.spi.JobRunner;
import io.quern.mapreduce.spi.RunningJob;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a whole job inside the client JVM, for debugging a job before it goes to the cluster
 * and for tests: the same input formats, sort engine, grouping and committer as on the
 * cluster, without daemons. Selected with {@code mapreduce.framework.name=local}.
 */
public final class LocalJobRunner implements JobRunner {
  public static final String LOCAL_MAPS = MapredKeys.LOCAL_MAP_TASKS_MAXIMUM.name();
  /** Immutable: this JVM's local job ids begin with it. */
  private static final String IDENTIFIER = "local" + Math.abs(ThreadLocalRandom.current().nextInt(1, 1 << 30));
  /** Thread-safe (atomic). */
  private static final AtomicInteger NEXT_JOB = new AtomicInteger(1);
  /** Immutable reference; only read (each submit copies the job's own configuration). */
  private final Configuration conf;

  public LocalJobRunner(Configuration conf) {
    this.conf = conf;
  }

  /**
   * This JVM as the one tracker: as many map slots as maps a job runs at once, one reduce slot,
   * and the tasks of this JVM's unfinished local jobs running now.
   */
  @Override
  public ClusterMetrics clusterMetrics() {
    int[] running = LocalJob.runningTasks();
    return new ClusterMetrics(1, Math.max(1, MapredKeys.LOCAL_MAP_TASKS_MAXIMUM.getInt(conf)), 1, running[0], running[1]);
  }

  /** Puts the job's class path entries that are local files (-libjars) before its classes. */
  private static void useClassPath(Configuration conf) throws IOException {
    List<java.net.URL> urls = new java.util.ArrayList<>();
    for (String key : List.of(MRJobConfig.CLASSPATH_FILES, MRJobConfig.CLASSPATH_ARCHIVES)) {
      for (String entry : conf.getTrimmedStringCollection(key)) {
        java.net.URI uri = java.net.URI.create(entry);
        if (!"file".equals(uri.getScheme())) {
          throw new IOException("the local runner cannot put " + entry + " on the job's class path: not a local file");
        }
        if (key.equals(MRJobConfig.CLASSPATH_ARCHIVES)) {
          throw new IOException("the local runner cannot put the archive " + uri.getPath()
              + " on the job's class path; ship the jar itself (-libjars)");
        }
        urls.add(uri.toURL());
      }
    }
    if (!urls.isEmpty()) {
      conf.setClassLoader(new java.net.URLClassLoader(urls.toArray(new java.net.URL[0]), conf.getClassLoader()));
    }
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public RunningJob submit(Job job) throws IOException, InterruptedException {
    Configuration conf = new Configuration(job.getConfiguration());
    JobID id = new JobID(IDENTIFIER, NEXT_JOB.getAndIncrement());
    JobContextImpl ctx = new JobContextImpl(conf, id);
    // The job's cache stays where it is: the tasks run on this host and copy it from there.
    JobCacheFiles.resolve(conf, (local, kind) -> local.toUri());
    useClassPath(conf);
    OutputFormat outputFormat = ReflectionUtil.newInstance(ctx.getOutputFormatClass(), conf);
    outputFormat.checkOutputSpecs(ctx);
    InputFormat inputFormat = ReflectionUtil.newInstance(ctx.getInputFormatClass(), conf);
    List<InputSplit> splits = inputFormat.getSplits(ctx);
    // As Hadoop does: the tasks see how many maps the job has (a one-map job's output commits in one step).
    MapredKeys.NUM_MAPS.set(conf, splits.size());
    // The tasks get the credentials the job holds now, as a cluster's would, not the submitter's live object.
    conf.setCredentials(new io.quern.security.Credentials(conf.getCredentials()));
    LocalJob running = new LocalJob(id, conf, splits);
    running.start();
    return running;
  }
}
