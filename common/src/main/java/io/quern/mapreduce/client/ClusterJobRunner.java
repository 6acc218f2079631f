package io.quern.mapreduce.client;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.files.JobFiles;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.ReflectionUtil;
import io.quern.mapreduce.task.SplitCodec;
import io.quern.protocol.JobSpec;
import io.quern.protocol.JobSubmissionProtocol;
import io.quern.protocol.SplitInfo;
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
    MasterConnection master = MasterConnection.open(conf);
    try {
      String jobId = master.call(JobSubmissionProtocol::newJobId);
      String staging = stagingDir(jobConf, jobId);
      String jar = stageJar(jobConf, staging);
      jobConf.set(MRJobConfig.USER_NAME, ctx.getUser());
      ByteArrayOutputStream xml = new ByteArrayOutputStream();
      jobConf.writeXml(xml);
      JobSpec spec = new JobSpec(jobId, ctx.getJobName(), ctx.getUser(), jobConf.getInt(MRJobConfig.PRIORITY, 0),
          xml.toByteArray(), jar, staging, infos, ctx.getNumReduceTasks());
      master.call(p -> p.submit(spec));
      return new ClusterRunningJob(jobId, master);
    } catch (IOException | RuntimeException e) {
      master.close();
      throw e;
    }
  }

  private static String stagingDir(Configuration conf, String jobId) {
    String root = conf.get(MRJobConfig.STAGING_DIR, System.getProperty("java.io.tmpdir") + "/quern-staging");
    return root + "/" + conf.get(MRJobConfig.USER_NAME, System.getProperty("user.name")) + "/" + jobId;
  }

  /** Copies the job jar into the staging directory, where workers fetch it; null without a jar. */
  private static String stageJar(Configuration conf, String staging) throws IOException {
    String jar = conf.get(MRJobConfig.JAR);
    if (jar == null || jar.isBlank()) {
      return null;
    }
    Path local = Path.of(jar);
    if (!Files.isRegularFile(local)) {
      throw new IOException("job jar " + jar + " does not exist");
    }
    String target = staging + "/job.jar";
    JobFiles fs = JobFiles.get(target, conf);
    try (InputStream in = Files.newInputStream(local); OutputStream out = fs.create(target)) {
      in.transferTo(out);
    }
    return target;
  }
}
