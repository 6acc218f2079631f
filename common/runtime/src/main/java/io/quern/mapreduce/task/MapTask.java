package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.io.Writable;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskCounter;
import io.quern.mapreduce.runtime.MapOutputBuffer;
import io.quern.mapreduce.runtime.MapOutputCodec;
import io.quern.mapreduce.runtime.SortOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs one map attempt: read the split, run the mapper, and either sort its output into a
 * partitioned local file for the reducers or, in a map-only job, write the job output.
 */
public final class MapTask {
  private MapTask() {}

  /**
   * @param outputDir local directory for the sorted output ({@code file.out} + index);
   *     unused by map-only jobs
   * @return the sorted output file, or null for a map-only job
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Path run(TaskAttemptContextImpl ctx, InputSplit split, TaskHost host, Path outputDir)
      throws IOException, InterruptedException {
    Configuration conf = ctx.getConfiguration();
    InputFormat inputFormat = ReflectionUtil.newInstance(ctx.getInputFormatClass(), conf);
    Mapper mapper = ReflectionUtil.newInstance(ctx.getMapperClass(), conf);
    try (RecordReader reader = inputFormat.createRecordReader(split, ctx)) {
      reader.initialize(split, ctx);
      int reduces = ctx.getNumReduceTasks();
      if (reduces == 0) {
        runMapOnly(ctx, split, host, mapper, reader);
        return null;
      }
      Partitioner partitioner = ReflectionUtil.newInstance(ctx.getPartitionerClass(), conf);
      Class<? extends Reducer<?, ?, ?, ?>> combinerClass = ctx.getCombinerClass();
      CombinerAdapter combiner = combinerClass == null ? null : new CombinerAdapter(ctx, combinerClass);
      // Side files (MultipleOutputs, getWorkOutputPath) a map writes are committed with the task, as in Hadoop.
      OutputCommitter committer = ReflectionUtil.newInstance(ctx.getOutputFormatClass(), conf).getOutputCommitter(ctx);
      committer.setupTask(ctx);
      boolean committed = false;
      try (MapOutputBuffer buffer = new MapOutputBuffer(outputDir, reduces, ctx.getSortComparator(), combiner,
          sortOptions(conf).sizedForInput(split.getLength()), MapOutputCodec.of(conf))) {
        TaskOutput out = (k, v) -> {
          int p = reduces == 1 ? 0 : partitioner.getPartition(k, v, reduces);
          if (p < 0 || p >= reduces) {
            throw new IOException("partitioner " + partitioner.getClass().getName() + " returned partition "
                + p + " outside [0, " + reduces + ")");
          }
          buffer.collect((Writable) k, (Writable) v, p);
        };
        MapContextImpl mc = new MapContextImpl(ctx, reader, split, out, committer);
        mapper.run(mc.wrap(mapper));
        ctx.setStatus("sorting");
        buffer.flush();
        ctx.getCounter(TaskCounter.MAP_OUTPUT_BYTES).increment(buffer.getOutputBytes());
        ctx.getCounter(TaskCounter.SPILLED_RECORDS).increment(buffer.getSpilledRecords());
        ctx.getCounter(TaskCounter.COMBINE_INPUT_RECORDS).increment(buffer.getCombineInputRecords());
        ctx.getCounter(TaskCounter.COMBINE_OUTPUT_RECORDS).increment(buffer.getCombineOutputRecords());
        commit(ctx, committer, host);
        committed = true;
        return buffer.getOutputFile();
      } finally {
        if (!committed) {
          committer.abortTask(ctx);
        }
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void runMapOnly(TaskAttemptContextImpl ctx, InputSplit split, TaskHost host, Mapper mapper,
      RecordReader reader) throws IOException, InterruptedException {
    OutputFormat outputFormat = ReflectionUtil.newInstance(ctx.getOutputFormatClass(), ctx.getConfiguration());
    OutputCommitter committer = outputFormat.getOutputCommitter(ctx);
    committer.setupTask(ctx);
    boolean done = false;
    try {
      RecordWriter writer = outputFormat.getRecordWriter(ctx);
      try {
        MapContextImpl mc = new MapContextImpl(ctx, reader, split, writer::write, committer);
        mapper.run(mc.wrap(mapper));
      } catch (Throwable t) {
        closeAfterFailure(writer, ctx, t);
        throw t;
      }
      writer.close(ctx);
      commit(ctx, committer, host);
      done = true;
    } finally {
      if (!done) {
        committer.abortTask(ctx);
      }
    }
  }

  /**
   * Closes the writer of a failed attempt, whose output is aborted next: so it gives back what it
   * holds (a pooled compressor, a file lease), as Hadoop does; a failure to close is added to {@code failure}.
   */
  @SuppressWarnings("rawtypes")
  static void closeAfterFailure(RecordWriter writer, TaskAttemptContextImpl ctx, Throwable failure) {
    try {
      writer.close(ctx);
    } catch (Exception | LinkageError e) {
      failure.addSuppressed(e);
    }
  }

  /** Commits the attempt's output if the master lets it; otherwise another attempt did. */
  static void commit(TaskAttemptContextImpl ctx, OutputCommitter committer, TaskHost host) throws IOException {
    if (!committer.needsTaskCommit(ctx)) {
      return;
    }
    if (!host.canCommit(ctx.getTaskAttemptID())) {
      committer.abortTask(ctx);
      throw new IOException("commit of " + ctx.getTaskAttemptID() + " denied: another attempt committed the task");
    }
    committer.commitTask(ctx);
  }

  static SortOptions sortOptions(Configuration conf) {
    int mb = MapredKeys.IO_SORT_MB.getInt(conf);
    if (mb < 1 || mb > 2047) {
      throw conf.bad(SortOptions.IO_SORT_MB, String.valueOf(mb), "megabytes within [1, 2047]");
    }
    return new SortOptions(mb << 20,
        MapredKeys.IO_SORT_SPILL_PERCENT.getFloat(conf),
        MapredKeys.IO_SORT_FACTOR.getInt(conf),
        MapredKeys.MIN_SPILLS_FOR_COMBINE.getInt(conf));
  }
}
