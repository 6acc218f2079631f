package io.quern.protocol.mapred;

import io.quern.mapreduce.CountersSnapshot;
import java.io.Serializable;

/**
 * Progress of one running attempt, as its child reports it through the worker.
 *
 * @param epoch the master epoch the attempt was launched under
 * @param shuffleEndpoint host:port where a finished map's output can be fetched; null otherwise
 */
public record AttemptStatus(
    long epoch,
    String attemptId,
    String workerId,
    float progress,
    String status,
    CountersSnapshot counters,
    String shuffleEndpoint) implements Serializable {}
