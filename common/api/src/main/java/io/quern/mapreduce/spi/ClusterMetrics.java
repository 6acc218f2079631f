package io.quern.mapreduce.spi;

/**
 * The size of what runs jobs: live workers (task trackers) and their map and reduce slots.
 *
 * @param trackers workers alive now
 * @param mapSlots map tasks they can run at once, all together
 * @param reduceSlots reduce tasks they can run at once, all together
 */
public record ClusterMetrics(int trackers, int mapSlots, int reduceSlots) {}
