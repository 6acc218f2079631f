package io.quern.protocol;

import java.io.Serializable;

/** A job's state and progress as seen by the master at one moment. */
public record JobStatusReport(
    String jobId,
    String name,
    String user,
    int priority,
    JobState state,
    float mapProgress,
    float reduceProgress,
    int mapsTotal,
    int mapsCompleted,
    int reducesTotal,
    int reducesCompleted,
    long startTime,
    long finishTime,
    String failureReason) implements Serializable {}
