package io.quern.protocol.mapred;

import java.io.Serializable;

/**
 * A map output became available or obsolete (its worker died, or reducers could not fetch
 * it and the map is re-run). Reducers read these events in order by index; the endpoint is the worker's host:port
 * (a plain string: the RMI deserialization filter admits the protocol's own types, not HostPort).
 *
 * @param obsolete the output of {@code attemptId} is withdrawn: wait for the map's next output
 * @param skipped the map failed for good within the job's allowance
 *     ({@code mapreduce.map.failures.maxpercent}): it will have no output, and reducers go on
 *     without it ({@code attemptId} is its last failed attempt, {@code endpoint} null)
 */
public record MapOutputEvent(int index, int mapIndex, String attemptId, String endpoint,
    boolean obsolete, boolean skipped) implements Serializable {

  public MapOutputEvent(int index, int mapIndex, String attemptId, String endpoint, boolean obsolete) {
    this(index, mapIndex, attemptId, endpoint, obsolete, false);
  }

  /** The map failed for good and is left out of the job: reducers stop waiting for its output. */
  public static MapOutputEvent skipped(int index, int mapIndex, String lastAttemptId) {
    return new MapOutputEvent(index, mapIndex, lastAttemptId, null, false, true);
  }
}
