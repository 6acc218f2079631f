package io.quern.mapreduce;

/**
 * Bytes read and written by input and output formats; {@code BYTES_READ_SHORT_CIRCUIT}: the part
 * of the input read straight from a replica on the task's host (see dfs.client.read.shortcircuit).
 */
public enum FileSystemCounter {
  BYTES_READ, BYTES_WRITTEN, BYTES_READ_SHORT_CIRCUIT
}
