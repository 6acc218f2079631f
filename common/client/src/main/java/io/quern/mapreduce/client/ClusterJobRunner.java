package io.quern.mapreduce.client;

import io.quern.conf.Configuration;
import io.quern.conf.UserName;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.files.JobFiles;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits jobs to the active master, found through ZooKeeper. Input and output are checked
 * first, so that a job that cannot run is refused with one sentence and nothing is staged;
 * then the job jar and configuration are staged and the spec sent to the master.
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
    JobContextImpl ctx = new JobContextImpl(jobConf, null);
    OutputFormat outputFormat = ReflectionUtil.newInstance(ctx.getOutputFormatClass(), jobConf);
    outputFormat.checkOutputSpecs(ctx);
    InputFormat inputFormat = ReflectionUtil.newInstance(ctx.getInputFormatClass(), jobConf);
    List<InputSplit> splits = inputFormat.getSplits(ctx);
    List<SplitInfo> infos = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      infos.add(SplitCodec.encode(i, splits.get(i)));
    }
    MasterConnection master = MasterConnection.shared(conf);
    try {
      String jobId = master.call(JobSubmissionProtocol::newJobId);
      // The submitter: the job's tasks act as this user in the DFS, proved by their job token.
      String user = submitter(jobConf);
      jobConf.set(MRJobConfig.USER_NAME, user);
      String staging = stagingDir(jobConf, jobId);
      String jar = stageJar(jobConf, jobId);
      ByteArrayOutputStream xml = new ByteArrayOutputStream();
      Configuration shipped = new Configuration(jobConf);
      shipped.set(SecretFile.KEY, ""); // tasks hold a job token; where the secret lives is none of their business
      shipped.writeXml(xml);
      JobSpec spec = new JobSpec(jobId, ctx.getJobName(), user, jobConf.getInt(MRJobConfig.PRIORITY, 0),
          xml.toByteArray(), jar, staging, infos, ctx.getNumReduceTasks());
      master.call(p -> p.submit(spec));
      return new ClusterRunningJob(jobId, master);
    } catch (IOException | RuntimeException e) {
      master.close();
      throw e;
    }
  }

  /** {@value MRJobConfig#USER_NAME} if set, else the DFS user of this client ({@code quern.user.name} or the OS user). */
  static String submitter(Configuration conf) {
    String user = conf.getTrimmed(MRJobConfig.USER_NAME);
    return user != null && !user.isEmpty() ? user : UserName.of(conf);
  }

  private static String stagingDir(Configuration conf, String jobId) {
    return userStagingDir(conf) + "/" + jobId;
  }

  private static String userStagingDir(Configuration conf) {
    String root = conf.get(MRJobConfig.STAGING_DIR, System.getProperty("java.io.tmpdir") + "/quern-staging");
    return root + "/" + conf.get(MRJobConfig.USER_NAME, System.getProperty("user.name"));
  }

  /**
   * Stages the job jar where workers fetch it, named by its SHA-256 in the user's staging
   * area: a jar submitted again (the same program run job after job) is uploaded once, and
   * workers keep one copy per content. Null without a jar.
   */
  private static String stageJar(Configuration conf, String jobId) throws IOException {
    String jar = conf.get(MRJobConfig.JAR);
    if (jar == null || jar.isBlank()) {
      return null;
    }
    Path local = Path.of(jar);
    if (!Files.isRegularFile(local)) {
      throw new IOException("job jar " + jar + " does not exist");
    }
    String target = userStagingDir(conf) + "/" + JAR_CACHE_DIR + "/" + sha256(local) + ".jar";
    JobFiles fs = JobFiles.get(target, conf);
    JobFiles.FileEntry staged = fs.status(target);
    if (staged != null && staged.length() == Files.size(local)) {
      return target;
    }
    // Written aside and renamed, so that a concurrent submission never reads half a jar.
    String tmp = target + "." + jobId + ".tmp";
    try (InputStream in = Files.newInputStream(local); OutputStream out = fs.create(tmp)) {
      in.transferTo(out);
    }
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      if (!fs.exists(target)) {
        throw new IOException("cannot stage the job jar as " + target);
      }
    }
    return target;
  }

  /** The folder of the user's staging area that holds jars by content. */
  public static final String JAR_CACHE_DIR = "jars";

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
