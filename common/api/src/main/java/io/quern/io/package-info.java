/**
 * Serialization for keys and values, after Hadoop's {@code org.apache.hadoop.io}: the same
 * class and method names and the same byte formats, so that porting a job means changing
 * imports. Keys are {@link io.quern.io.WritableComparable}s whose raw comparators, found
 * through {@link io.quern.io.WritableComparator#get}, order serialized bytes without
 * deserializing them. {@link io.quern.io.SequenceFile} is the splittable binary record
 * file; it reads through {@link io.quern.io.SeekableInput}, which local files and the DFS
 * client provide.
 */
package io.quern.io;
