package io.quern.mapreduce.spi;

/**
 * The size of what runs jobs, and how much of it is busy: live workers (task trackers), their
 * map and reduce slots, and the tasks running on them now.
 *
 * @param trackers workers alive now
 * @param mapSlots map tasks they can run at once, all together
 * @param reduceSlots reduce tasks they can run at once, all together
 * @param runningMaps map tasks of unfinished jobs running now (each holds a slot)
 * @param runningReduces reduce tasks of unfinished jobs running now
 */
public record ClusterMetrics(int trackers, int mapSlots, int reduceSlots, int runningMaps, int runningReduces) {}
