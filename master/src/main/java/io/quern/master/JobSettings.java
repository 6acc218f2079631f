package io.quern.master;

import io.quern.mapreduce.JobID;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionException;

/**
 * What a job sets for itself in its configuration, read once as the master takes the job (its
 * submission, or its recovery by a new leader): the master's value where the job sets none; and
 * the configuration's binary form, which its launches carry.
 */
final class JobSettings {
  private JobSettings() {}

  /**
   * The job's tables, with what its configuration asks of the master: its attempts per task,
   * backup attempts, the share of tasks that may fail, its task timeout and GPUs per task.
   *
   * @param attemptBase where this leader's attempt numbers start
   * @throws JobSubmissionException when a setting is out of its range
   */
  static JobInProgress newJob(JobID id, JobSpec spec, long sequence, long now, int attemptBase,
      SchedulerSettings settings) throws JobSubmissionException {
    // Parsed once: on a new leader this parse is on the way to the first task it assigns. Its
    // binary form goes with every launch, so that workers and task JVMs need not parse XML.
    io.quern.conf.Configuration jobConf = jobConf(spec);
    int mapGpus = gpusSetting(jobConf, io.quern.mapreduce.MRJobConfig.MAP_GPUS);
    int reduceGpus = gpusSetting(jobConf, io.quern.mapreduce.MRJobConfig.REDUCE_GPUS);
    JobInProgress job = new JobInProgress(id, spec, jobConf == null ? null : jobConf.toBytes(), sequence, now,
        jobSetting(jobConf, SchedulerSettings.MAP_MAX_ATTEMPTS, settings.maxMapAttempts()),
        jobSetting(jobConf, SchedulerSettings.REDUCE_MAX_ATTEMPTS, settings.maxReduceAttempts()),
        attemptBase);
    job.allowSpeculation(
        !jobSaysNo(jobConf, SchedulerSettings.SPECULATIVE_MAPS)
            && !jobSaysNo(jobConf, io.quern.mapreduce.MRJobConfig.MAP_SPECULATIVE_NEW),
        !jobSaysNo(jobConf, SchedulerSettings.SPECULATIVE_REDUCES)
            && !jobSaysNo(jobConf, io.quern.mapreduce.MRJobConfig.REDUCE_SPECULATIVE_NEW));
    job.mapFailuresMaxPercent = percentSetting(jobConf, io.quern.mapreduce.MRJobConfig.MAP_FAILURES_MAX_PERCENT);
    job.reduceFailuresMaxPercent = percentSetting(jobConf, io.quern.mapreduce.MRJobConfig.REDUCE_FAILURES_MAX_PERCENT);
    // The job's own task timeout, when it sets one, replaces the master's silence timeout for
    // its attempts: a sweep may want hung candidates gone in seconds, a long solver hours.
    long own = -1;
    if (jobConf != null) {
      try {
        own = io.quern.mapreduce.TaskTimeouts.millis(jobConf, -1);
      } catch (RuntimeException e) {
        throw new JobSubmissionException("the job's task timeout: " + e.getMessage());
      }
    }
    if (own >= 0) {
      job.silenceKey = io.quern.mapreduce.TaskTimeouts.keyOf(jobConf);
      job.silenceMillis = own > 0 ? own : Long.MAX_VALUE;
    } else {
      job.silenceMillis = settings.silentAttemptMillis();
    }
    job.reduceSlowStart = slowStartSetting(jobConf);
    job.mapGpus = mapGpus;
    job.reduceGpus = reduceGpus;
    return job;
  }

  /** The job's own settings, or null when it sent none. */
  private static io.quern.conf.Configuration jobConf(JobSpec spec) {
    if (spec.confXml() == null || spec.confXml().length == 0) {
      return null;
    }
    io.quern.conf.Configuration conf = new io.quern.conf.Configuration(false);
    conf.addResource(new java.io.ByteArrayInputStream(spec.confXml()), spec.jobId() + " job.xml");
    return conf;
  }

  /** Whether the job turns a setting off for itself; anything but "false" leaves it to the master. */
  private static boolean jobSaysNo(io.quern.conf.Configuration jobConf, String key) {
    return jobConf != null && "false".equalsIgnoreCase(jobConf.getTrimmed(key));
  }

  /** A percentage the job sets, 0 when it sets none; out of [0, 100] refuses the job. */
  private static int percentSetting(io.quern.conf.Configuration jobConf, String key) throws JobSubmissionException {
    if (jobConf == null) {
      return 0;
    }
    int v;
    try {
      v = jobConf.getInt(key, 0);
    } catch (RuntimeException e) {
      throw new JobSubmissionException(key + " must be a percentage from 0 to 100: " + e.getMessage());
    }
    if (v < 0 || v > 100) {
      throw new JobSubmissionException(key + " must be a percentage from 0 to 100, got " + v);
    }
    return v;
  }

  /** The job's slow start under Hadoop 1's name or 2's; -1 when it sets none. */
  private static float slowStartSetting(io.quern.conf.Configuration jobConf) throws JobSubmissionException {
    if (jobConf == null) {
      return -1;
    }
    for (String key : new String[] {io.quern.mapreduce.MRJobConfig.COMPLETED_MAPS_FOR_REDUCE_SLOWSTART,
        SchedulerSettings.SLOWSTART}) {
      String v = jobConf.getTrimmed(key);
      if (v == null || v.isEmpty()) {
        continue;
      }
      float share;
      try {
        share = Float.parseFloat(v);
      } catch (NumberFormatException e) {
        share = Float.NaN;
      }
      if (!(share >= 0 && share <= 1)) {
        throw new JobSubmissionException(key + " must be a fraction from 0 to 1, got " + v);
      }
      return share;
    }
    return -1;
  }

  /** GPUs per task the job asks for: 0 unless it sets a number >= 0. */
  private static int gpusSetting(io.quern.conf.Configuration jobConf, String key) throws JobSubmissionException {
    if (jobConf == null) {
      return 0;
    }
    int v;
    try {
      v = jobConf.getInt(key, 0);
    } catch (RuntimeException e) {
      throw new JobSubmissionException(key + " must be a number of GPUs: " + e.getMessage());
    }
    if (v < 0) {
      throw new JobSubmissionException(key + " must be a number of GPUs >= 0, got " + v);
    }
    return v;
  }

  /** A positive integer the job sets for itself in its configuration, else the master's value. */
  private static int jobSetting(io.quern.conf.Configuration jobConf, String key, int masterValue) {
    if (jobConf == null) {
      return masterValue;
    }
    int v = jobConf.getInt(key, masterValue);
    return v >= 1 ? v : masterValue;
  }
}
