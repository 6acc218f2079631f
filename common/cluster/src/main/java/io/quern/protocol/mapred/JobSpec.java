package io.quern.protocol.mapred;

import io.quern.mapreduce.SplitInfo;
import java.io.Serializable;
import java.util.List;

/**
 * What a client submits: the job's configuration (as XML), where its jar is staged, its
 * splits and its number of reduces. The job id was obtained from the master beforehand.
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
    int numReduces) implements Serializable {
  public JobSpec {
    splits = List.copyOf(splits);
    if (numReduces < 0) {
      throw new IllegalArgumentException("number of reduces must be >= 0: " + numReduces);
    }
  }
}
