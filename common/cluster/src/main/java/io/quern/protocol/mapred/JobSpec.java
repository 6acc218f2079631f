package io.quern.protocol.mapred;

import io.quern.mapreduce.SplitInfo;
import java.io.Serializable;
import java.util.List;

/**
 * What a client submits: the job's configuration (as XML), where its jar is staged, its
 * splits and its number of reduces. The job id was obtained from the master beforehand.
 *
 * @param credentials the job's secret keys and tokens in token storage form
 *     ({@code io.quern.security.Credentials}), empty when it has none: they travel beside the
 *     configuration, never in it, to the job's tasks alone
 */
public record JobSpec(
    String jobId,
    String name,
    String user,
    int priority,
    byte[] confXml,
    String jarPath,
    String stagingDir,
    List<SplitInfo> splits,
    int numReduces,
    byte[] credentials) implements Serializable {
  public JobSpec {
    splits = List.copyOf(splits);
    credentials = credentials == null ? new byte[0] : credentials;
    if (numReduces < 0) {
      throw new IllegalArgumentException("number of reduces must be >= 0: " + numReduces);
    }
  }

  /** A job without credentials. */
  public JobSpec(String jobId, String name, String user, int priority, byte[] confXml, String jarPath,
      String stagingDir, List<SplitInfo> splits, int numReduces) {
    this(jobId, name, user, priority, confXml, jarPath, stagingDir, splits, numReduces, new byte[0]);
  }

  /** Names the job; the configuration and the credentials are left out, as secrets may be in them. */
  @Override
  public String toString() {
    return "JobSpec[" + jobId + " " + name + " of " + user + ", " + splits.size() + " splits, " + numReduces
        + " reduces]";
  }
}
