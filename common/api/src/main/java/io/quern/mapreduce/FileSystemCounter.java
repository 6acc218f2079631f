package io.quern.mapreduce;

/** Bytes read and written by input and output formats. */
public enum FileSystemCounter {
  BYTES_READ, BYTES_WRITTEN
}
