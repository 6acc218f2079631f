/**
 * Streaming: external programs as a job's mapper, combiner and reducer, as in Hadoop
 * Streaming. Records go to the program's stdin as text lines ({@code key SEP value}) and
 * come back from its stdout split at a separator; its stderr may update counters and status.
 * These classes run in task children (Quern's own class path), so a streaming job needs no jar;
 * the command line ({@code quern streaming}) is {@code io.quern.streaming.StreamJob} in the client.
 */
package io.quern.streaming;
