package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Job configurations read once per job, not once per launch: every launch carries its job's
 * configuration (in {@code Configuration.write}'s binary form, made once by the master), and a
 * farm of thousands of one-second tasks would otherwise read it (tens of KB) once in the worker
 * and again in the child per task. Callers get a copy they may change.
 */
public final class JobConfCache {
  private record Parsed(byte[] bytes, Configuration conf) {}

  private final Supplier<Configuration> base;
  /** The most recently used jobs' configurations; guarded by this. */
  private final Map<String, Parsed> byJob;

  /**
   * @param base what the job's configuration is laid over (defaults and site files, or nothing)
   * @param jobs how many jobs' configurations are kept
   */
  public JobConfCache(Supplier<Configuration> base, int jobs) {
    this.base = base;
    this.byJob = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
        return size() > jobs;
      }
    };
  }

  /**
   * The base with the job's configuration over it (its final properties stay), as a copy of its
   * own; the base alone when the job sent none.
   *
   * @param conf the job's configuration as {@code Configuration.write} wrote it, or null
   * @throws ConfigurationException when {@code conf} is not a configuration in that form
   */
  public Configuration of(String jobId, byte[] conf) {
    byte[] bytes = conf == null ? new byte[0] : conf;
    Parsed p;
    synchronized (this) {
      p = byJob.get(jobId);
    }
    // The same job's launches carry the same bytes; comparing them costs microseconds, reading them more.
    if (p == null || !Arrays.equals(p.bytes(), bytes)) {
      Configuration read = base.get();
      if (conf != null) {
        try {
          read.addBytes(conf, jobId + " configuration");
        } catch (IOException e) {
          throw new ConfigurationException(e.getMessage(), e);
        }
      }
      p = new Parsed(bytes.clone(), read);
      synchronized (this) {
        byJob.put(jobId, p);
      }
    }
    return new Configuration(p.conf());
  }

  /** Forgets a job that ended. */
  public synchronized void forget(String jobId) {
    byJob.remove(jobId);
  }
}
