package io.quern.mapreduce;

import io.quern.conf.BooleanKey;
import io.quern.conf.DurationKey;
import io.quern.conf.FloatKey;
import io.quern.conf.IntKey;
import io.quern.conf.LongKey;
import io.quern.conf.SizeKey;
import io.quern.conf.StringKey;
import io.quern.mapreduce.lib.aggregate.ValueAggregatorJobBase;
import io.quern.mapreduce.lib.db.DBConfiguration;
import io.quern.mapreduce.lib.input.CombineFileInputFormat;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.NLineInputFormat;
import io.quern.mapreduce.lib.jobcontrol.ControlledJob;
import io.quern.mapreduce.lib.output.FileOutputCommitter;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.MultipleOutputs;
import java.util.concurrent.TimeUnit;

/**
 * MapReduce keys of the framework: tasks, the local runner and the client (mapred-default.xml declares each with its default and description). The keys a job sets through the public API keep their Hadoop names as String constants in {@link MRJobConfig} and the formats.
 * Each key reads its default from there; a key declared with an empty value has none (see
 * {@link io.quern.conf.ConfKey}).
 */
public final class MapredKeys {
  /** Number of descriptors of an aggregate job (io.quern.mapreduce.lib.aggregate): each is mapreduce.aggregate.descriptor.I for I from 0, set to UserDefined,CLASS, the descriptor class that turns records into TYPE:id / value pairs. */
  public static final IntKey AGGREGATE_DESCRIPTOR_NUM = new IntKey(ValueAggregatorJobBase.DESCRIPTOR_NUM);
  /** Most entries (files, directories, links) one cache archive may hold; one with more fails the attempt with one sentence. */
  public static final LongKey ARCHIVE_MAX_ENTRIES = new LongKey("mapreduce.job.cache.archive.max.entries");
  /** Most bytes one cache archive may unpack to on a worker; an archive that would unpack to more fails the attempt with one sentence (a small zip can hold terabytes of zeros, and the worker's disk is every job's). */
  public static final SizeKey ARCHIVE_MAX_UNPACKED_BYTES = new SizeKey("mapreduce.job.cache.archive.max.unpacked.bytes");
  /** Whether a job client (quern jar) that waits for its job draws a one-line progress bar, redrawn in place, when its output is a terminal: maps and reduces done, running and failed, and the time left. Hadoop's percentage lines are printed instead when the output is not a terminal, or when this is false. */
  public static final BooleanKey CLIENT_PROGRESSBAR = new BooleanKey(JobProgressMonitor.BAR_KEY);
  /** Where jobs run: local (inside the client JVM, like Hadoop's LocalJobRunner) or cluster (the active master). */
  public static final StringKey FRAMEWORK_NAME = new StringKey(MRJobConfig.FRAMEWORK_NAME);
  /** Whether an input directory gives the files of its subdirectories too, not only its own. */
  public static final BooleanKey INPUT_DIR_RECURSIVE = new BooleanKey(FileInputFormat.INPUT_DIR_RECURSIVE);
  /** Number of sorted segments merged at once, on the map and the reduce side. */
  public static final IntKey IO_SORT_FACTOR = new IntKey("io.sort.factor");
  /** Memory of a map task's sort buffer in MiB (capped so that a child's concurrent attempts fit in its heap). */
  public static final IntKey IO_SORT_MB = new IntKey("io.sort.mb");
  /** Fill level of the sort buffer at which a background spill starts. */
  public static final FloatKey IO_SORT_SPILL_PERCENT = new FloatKey("io.sort.spill.percent");
  /** Number of values in DBOutputFormat's INSERT when no column names are given (then they go to the table's first columns in order). */
  public static final IntKey JDBC_OUTPUT_FIELD_COUNT = new IntKey(DBConfiguration.OUTPUT_FIELD_COUNT_PROPERTY);
  /** Whether lib.jobcontrol.ControlledJob creates a job's missing input directories before it submits the job. */
  public static final BooleanKey JOBCONTROL_CREATE_DIR = new BooleanKey(ControlledJob.CREATE_DIR);
  /** How FileOutputCommitter publishes a job's files, as in Hadoop: 1 (a task's commit renames its attempt's directory under the output's _temporary; the job's commit then moves every committed file into the output) or 2 (a task's commit moves its files straight into the output, merging directories; the job's commit only deletes _temporary and writes _SUCCESS; files of tasks committed before a job fails stay in the output, without _SUCCESS). Unset, it is 1, except for the task of a job whose output comes from one task (one reduce, or a map-only job of one map), which commits as 2: nothing can interleave with its files, and the job's end saves a listing and a rename per file. Set 1 to keep algorithm 1 for those jobs too. */
  public static final IntKey FILEOUTPUTCOMMITTER_ALGORITHM_VERSION = new IntKey(FileOutputCommitter.ALGORITHM_VERSION);
  /** Whether FileOutputCommitter's job commit writes an empty _SUCCESS file in the output directory, as in Hadoop. */
  public static final BooleanKey FILEOUTPUTCOMMITTER_MARK_SUCCESSFUL_JOBS = new BooleanKey(FileOutputCommitter.SUCCESSFUL_JOB_OUTPUT_DIR_MARKER);
  /** Where the master writes the history file of each finished job. */
  public static final StringKey JOB_HISTORY_DIR = new StringKey("mapred.job.history.dir");
  /** Priority of the job among waiting jobs; higher runs first, equal ones in submission order. */
  public static final IntKey JOB_PRIORITY = new IntKey(MRJobConfig.PRIORITY);
  /** Lines of input per split (so per map task) of NLineInputFormat. */
  public static final IntKey LINES_PER_MAP = new IntKey(NLineInputFormat.LINES_PER_MAP);
  /** Local directory of a worker's job files: job jars, map outputs, merge files. */
  public static final StringKey LOCAL_DIR = new StringKey("mapred.local.dir");
  /** Maps run at once by the local job runner. */
  public static final IntKey LOCAL_MAP_TASKS_MAXIMUM = new IntKey("mapreduce.local.map.tasks.maximum");
  /** False when the job's map side (mapper, input format, partitioner, combiner) is old API (io.quern.mapred), named by the mapred.*.class keys; JobClient sets it for the jobs it submits. */
  public static final BooleanKey MAPPER_NEW_API = new BooleanKey(MRJobConfig.MAPPER_NEW_API);
  /** Whether maps compress their sorted output (spills and the partitions reducers fetch): less disk and network for some CPU. */
  public static final BooleanKey MAP_OUTPUT_COMPRESS = new BooleanKey(MRJobConfig.MAP_OUTPUT_COMPRESS);
  /** Spills needed before the combiner also runs on the map's final merge. */
  public static final IntKey MIN_SPILLS_FOR_COMBINE = new IntKey("min.num.spills.for.combine");
  /** Whether lib.output.MultipleOutputs counts the records of each file it writes, in a counter named after the file's base name. */
  public static final BooleanKey MULTIPLE_OUTPUTS_COUNTERS = new BooleanKey(MultipleOutputs.COUNTERS_ENABLED);
  /** How long running jobs ride out a NameNode that is gone (a restart): task attempts and the master's job commit wait this long for it (their status says so) instead of failing, and jobs fail, naming the NameNode, once none has been registered for this long. */
  public static final DurationKey NAMENODE_WAIT_WINDOW = new DurationKey("mapred.namenode.wait.window", TimeUnit.MILLISECONDS);
  /** Number of maps of jobs whose input format is told a count (teragen), and the hint by which the old API's (io.quern.mapred) FileInputFormat divides the input (splits no larger than a block); the new API's file input is split by blocks. */
  public static final IntKey NUM_MAPS = new IntKey(MRJobConfig.NUM_MAPS);
  /** Number of reduce tasks of a job; 0 makes a map-only job. */
  public static final IntKey NUM_REDUCES = new IntKey(MRJobConfig.NUM_REDUCES);
  /** First part of the names of a task's output files (part-r-00000); lib.output.MultipleOutputs sets it per file it writes. */
  public static final StringKey OUTPUT_BASENAME = new StringKey(FileOutputFormat.BASE_OUTPUT_NAME);
  /** Whether a file-based job compresses its output files (TextOutputFormat adds the codec's suffix, e.g. part-r-00000.gz; SequenceFileOutputFormat compresses inside the file). */
  public static final BooleanKey OUTPUT_COMPRESS = new BooleanKey(FileOutputFormat.COMPRESS);
  /** How compressed SequenceFile output is compressed: RECORD (each value) or BLOCK (many records together, smaller). */
  public static final StringKey OUTPUT_COMPRESS_TYPE = new StringKey(FileOutputFormat.COMPRESS_TYPE);
  /** False when the job's reduce side (reducer, output format) is old API (io.quern.mapred); JobClient sets it for the jobs it submits. */
  public static final BooleanKey REDUCER_NEW_API = new BooleanKey(MRJobConfig.REDUCER_NEW_API);
  /** Largest input split in bytes; splits otherwise follow the file's blocks. */
  public static final LongKey SPLIT_MAXSIZE = new LongKey(FileInputFormat.SPLIT_MAXSIZE);
  /** Smallest input split in bytes. */
  public static final LongKey SPLIT_MINSIZE = new LongKey(FileInputFormat.SPLIT_MINSIZE);
  /** lib.input.CombineFileInputFormat: the blocks of one host left over after its full splits make a split of their own when they reach this many bytes; otherwise they are combined at rack level. */
  public static final LongKey SPLIT_MINSIZE_PER_NODE = new LongKey(CombineFileInputFormat.SPLIT_MINSIZE_PERNODE);
  /** lib.input.CombineFileInputFormat: the blocks of one rack left over after its full splits make a split of their own when they reach this many bytes; otherwise they are combined with any others. */
  public static final LongKey SPLIT_MINSIZE_PER_RACK = new LongKey(CombineFileInputFormat.SPLIT_MINSIZE_PERRACK);
  /** Where clients stage job jars, under USER/JOB_ID. */
  public static final StringKey STAGING_DIR = new StringKey(MRJobConfig.STAGING_DIR);
  /** Replication of a job's staged jar and files in the DFS. Not the job's dfs.replication, which a job may lower for its output (terasort writes at 1): with its only replica lost, no task of the job could start. */
  public static final IntKey SUBMIT_FILE_REPLICATION = new IntKey("mapreduce.client.submit.file.replication");
  /** When a task attempt is killed, how long its programs (and all they forked) have between SIGTERM and SIGKILL. */
  public static final DurationKey TASK_KILL_GRACE = new DurationKey("mapred.tasktracker.tasks.sleeptime-before-sigkill", TimeUnit.MILLISECONDS);
  private MapredKeys() {}
}
