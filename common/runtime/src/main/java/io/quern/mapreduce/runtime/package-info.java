/**
 * The task runtime's sort engine, free of networking so that child task JVMs and the
 * local job runner share it.
 *
 * <p>Map side: {@link io.quern.mapreduce.runtime.MapOutputBuffer} collects serialized
 * records, spills sorted runs in the background, and merges them into one file of
 * per-partition segments ({@link io.quern.mapreduce.runtime.IFileWriter} format) with a
 * {@link io.quern.mapreduce.runtime.SpillIndex}. Reduce side: fetched partitions become
 * {@link io.quern.mapreduce.runtime.Segment}s (in memory or on disk),
 * {@link io.quern.mapreduce.runtime.Merger} merges them into one sorted
 * {@link io.quern.mapreduce.runtime.RawKeyValueIterator}, and
 * {@link io.quern.mapreduce.runtime.GroupingIterator} turns that into key groups for the
 * reducer. A combiner plugs in through {@link io.quern.mapreduce.runtime.CombineRunner}.
 */
package io.quern.mapreduce.runtime;
