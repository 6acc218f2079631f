package io.quern.mapreduce;

import java.io.Serializable;

/**
 * A job's state and progress as seen by the master at one moment.
 *
 * @param note what holds a running job up from outside it ("waiting for the NameNode ..."), or null
 * @param mapsRunning maps with an attempt running now (likewise reduces)
 * @param mapsFailed map attempts that failed so far (likewise reduces)
 */
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
    String failureReason,
    String note,
    int mapsRunning,
    int reducesRunning,
    int mapsFailed,
    int reducesFailed) implements Serializable {}
