package io.quern.mapreduce.client;

import io.quern.cluster.NodeAttributes;
import io.quern.cluster.NodeInfo;
import io.quern.conf.Configuration;
import io.quern.conf.UserName;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.filecache.JobCacheFiles;
import io.quern.mapreduce.spi.ClusterMetrics;
import io.quern.mapreduce.spi.JobRunner;
import io.quern.mapreduce.spi.RunningJob;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.ReflectionUtil;
import io.quern.mapreduce.task.SplitCodec;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionProtocol;
import io.quern.security.SecretFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Submits jobs to the active master, found through ZooKeeper. Input and output are checked
 * first, so that a job that cannot run is refused with one sentence and nothing is staged;
 * then the submitter's staging directory is checked ({@link StagingArea}), the job jar and the
 * local files of the job's distributed cache staged there ({@link JobCacheFiles}: a missing cache
 * file fails the submission, naming it) and the spec sent to the master, with the job's
 * credentials beside its configuration. A job without a jar (a
 * streaming job) runs classes of Quern's own class path only.
 */
public final class ClusterJobRunner implements JobRunner {
  private final Configuration conf;

  private ClusterJobRunner(Configuration conf) {
    this.conf = conf;
  }

  static ClusterJobRunner create(Configuration conf) {
    return new ClusterJobRunner(conf);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public RunningJob submit(Job job) throws IOException, InterruptedException {
    Configuration jobConf = job.getConfiguration();
    // The submitter: the job's tasks act as this user in the DFS, proved by their job token.
    String user = submitter(jobConf);
    StagingArea staging = StagingArea.of(jobConf, user);
    // While the output and input are checked, the staged jar is looked up and read back and the
    // line to the master opened (a ZooKeeper session in a new client): each mostly waits on others.
    Future<StagingArea.JarLookup> jarLookup = lookUpJar(jobConf, staging);
    Future<MasterConnection> opening = SUBMIT_HELPERS.submit(() -> MasterConnection.shared(conf));
    try {
      return submit(job, user, staging, jarLookup, opening);
    } finally {
      jarLookup.cancel(false); // done by now, unless the checks refused the job
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private RunningJob submit(Job job, String user, StagingArea staging, Future<StagingArea.JarLookup> jarLookup,
      Future<MasterConnection> opening) throws IOException, InterruptedException {
    Configuration jobConf = job.getConfiguration();
    JobContextImpl ctx = new JobContextImpl(jobConf, null);
    OutputFormat outputFormat = ReflectionUtil.newInstance(ctx.getOutputFormatClass(), jobConf);
    outputFormat.checkOutputSpecs(ctx);
    InputFormat inputFormat = ReflectionUtil.newInstance(ctx.getInputFormatClass(), jobConf);
    List<InputSplit> splits = inputFormat.getSplits(ctx);
    // As Hadoop does: the tasks see how many maps the job has (a one-map job's output commits in one step).
    MapredKeys.NUM_MAPS.set(jobConf, splits.size());
    List<SplitInfo> infos = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      infos.add(SplitCodec.encode(i, splits.get(i)));
    }
    jobConf.set(MRJobConfig.USER_NAME, user);
    staging.prepare();
    MasterConnection master = result(opening, "cannot reach the master");
    try {
      String jobId = master.call(JobSubmissionProtocol::newJobId);
      String jar = stageJar(jobConf, jarLookup, staging);
      if (!JobCacheFiles.isEmpty(jobConf)) {
        // Workers share no disk with this host: what is on it goes into the job's staging directory.
        StagingArea.JobUploads uploads = staging.uploadsFor(jobId);
        try {
          JobCacheFiles.resolve(jobConf, uploads::upload);
        } catch (IOException | RuntimeException e) {
          staging.deleteJob(jobId);
          throw e;
        }
      }
      ByteArrayOutputStream xml = new ByteArrayOutputStream();
      Configuration taskConf = new Configuration(jobConf);
      taskConf.set(SecretFile.KEY, ""); // tasks hold a job token; where the secret lives is none of their business
      taskConf.writeXml(xml);
      // The credentials as the formats left them (they may add tokens while checking and splitting):
      // beside the XML, never in it, so that they reach the job's tasks and no page.
      JobSpec spec = new JobSpec(jobId, ctx.getJobName(), user, MapredKeys.JOB_PRIORITY.getInt(jobConf),
          xml.toByteArray(), jar, staging.dir() + "/" + jobId, infos, ctx.getNumReduceTasks(), credentials(ctx));
      master.call(p -> p.submit(spec));
      return new ClusterRunningJob(jobId, master);
    } catch (IOException | RuntimeException e) {
      master.close();
      throw e;
    }
  }

  /**
   * The workers registered in ZooKeeper now and the slots they publish; the running tasks of
   * the unfinished jobs the active master reports.
   */
  @Override
  public ClusterMetrics clusterMetrics() throws IOException {
    MasterConnection master = MasterConnection.shared(conf);
    List<NodeInfo> workers = master.liveWorkers();
    int maps = 0;
    int reduces = 0;
    for (NodeInfo w : workers) {
      maps += (int) Math.max(0, w.longAttribute(NodeAttributes.MAP_SLOTS, 0));
      reduces += (int) Math.max(0, w.longAttribute(NodeAttributes.REDUCE_SLOTS, 0));
    }
    int runningMaps = 0;
    int runningReduces = 0;
    for (JobStatusReport job : master.call(p -> p.list())) {
      if (!job.state().isTerminal()) {
        runningMaps += job.mapsRunning();
        runningReduces += job.reducesRunning();
      }
    }
    return new ClusterMetrics(workers.size(), maps, reduces, runningMaps, runningReduces);
  }

  /** The job's credentials in token storage form; no bytes when it has none. */
  private static byte[] credentials(JobContextImpl ctx) {
    io.quern.security.Credentials c = ctx.getCredentials();
    return c.isEmpty() ? new byte[0] : c.toTokenStorageBytes();
  }

  /** {@value MRJobConfig#USER_NAME} if set, else the DFS user of this client ({@code quern.user.name} or the OS user). */
  static String submitter(Configuration conf) {
    String user = conf.getTrimmed(MRJobConfig.USER_NAME);
    return user != null && !user.isEmpty() ? user : UserName.of(conf);
  }

  /** Run what a submission needs later while it checks its input and output first. */
  private static final ExecutorService SUBMIT_HELPERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "submit-helper");
    t.setDaemon(true);
    return t;
  });

  /**
   * Starts looking up the job jar's staged copy ({@link StagingArea#lookUpJar}); a future of null
   * without a jar or when the jar is not a local file, which {@link #stageJar} then reports.
   */
  private static Future<StagingArea.JarLookup> lookUpJar(Configuration conf, StagingArea staging) {
    String jar = conf.get(MRJobConfig.JAR);
    if (jar == null || jar.isBlank() || !Files.isRegularFile(Path.of(jar))) {
      return CompletableFuture.completedFuture(null);
    }
    return SUBMIT_HELPERS.submit(() -> staging.lookUpJar(Path.of(jar)));
  }

  /** What a helper computed; its IOException as it was thrown. */
  private static <T> T result(Future<T> f, String what) throws IOException, InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(what + ": " + e.getCause(), e.getCause());
    }
  }

  /** The job jar as {@link StagingArea#stageJar} stages it after {@code lookup}; null without a jar. */
  private static String stageJar(Configuration conf, Future<StagingArea.JarLookup> lookup, StagingArea staging)
      throws IOException, InterruptedException {
    String jar = conf.get(MRJobConfig.JAR);
    StagingArea.JarLookup found = result(lookup, "cannot look up the staged copy of the job jar " + jar);
    if (found == null) {
      if (jar == null || jar.isBlank()) {
        return null;
      }
      throw new IOException("job jar " + jar + " does not exist");
    }
    return staging.stageJar(found);
  }

  /** The folder of the user's staging area that holds jars by content. */
  public static final String JAR_CACHE_DIR = "jars";
}
