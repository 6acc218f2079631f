package io.quern.worker;

import io.quern.conf.Configuration;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Job configurations parsed once per job, not once per launch: every launch carries its job's
 * XML, and a farm of thousands of one-second tasks would otherwise parse it (tens of KB) once
 * in the worker and again in the child per task. Callers get a copy they may change.
 */
public final class JobConfCache {
  private record Parsed(byte[] xml, Configuration conf) {}

  private final Supplier<Configuration> base;
  /** The most recently used jobs' configurations; guarded by this. */
  private final Map<String, Parsed> byJob;

  /**
   * @param base what the job's XML is laid over (defaults and site files, or nothing)
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

  /** The base with {@code xml} (the job's configuration) over it, as a copy of its own. */
  public Configuration of(String jobId, byte[] xml) {
    Parsed p;
    synchronized (this) {
      p = byJob.get(jobId);
    }
    // The same job's launches carry the same XML; comparing it costs microseconds, parsing milliseconds.
    if (p == null || !Arrays.equals(p.xml(), xml)) {
      Configuration conf = base.get();
      conf.addResource(new ByteArrayInputStream(xml), jobId + " job.xml");
      p = new Parsed(xml.clone(), conf);
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
