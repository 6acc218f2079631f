package io.quern.mapreduce.history;

import io.quern.mapreduce.JobState;

/** One job's row in the master's job lists; times are epoch millis, 0 for none. */
public record JobSummary(String id, String user, String name, JobState state, int priority, double mapProgress,
    double reduceProgress, int maps, int mapsDone, int reduces, int reducesDone, long submitMillis,
    long finishMillis, String failure) {}
