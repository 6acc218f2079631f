package io.quern.conf;

import java.util.concurrent.TimeUnit;

/**
 * The configuration keys every Quern process reads (core-default.xml declares each with its default and description).
 * Each key reads its default from there; a key declared with an empty value has none (see
 * {@link io.quern.conf.ConfKey}).
 */
public final class CoreKeys {
  /** Name of this cluster; its znodes live under ${quern.zookeeper.root}/${quern.cluster.id}. */
  public static final StringKey CLUSTER_ID = new StringKey("quern.cluster.id");
  /** Address a daemon binds to and advertises; the start scripts set it per host. */
  public static final StringKey DAEMON_HOST = new StringKey("quern.daemon.host");
  /** Default file system: qfs:/// is the Quern DFS found through ZooKeeper; file:/// the local one. */
  public static final StringKey FS_DEFAULT_NAME = new StringKey(io.quern.fs.FileSystem.FS_DEFAULT_NAME_KEY);
  /** Buffer size, in bytes, with which SequenceFile.createWriter creates and the SequenceFile reader opens files, and which a LineReader given the configuration reads with. */
  public static final IntKey IO_FILE_BUFFER_SIZE = new IntKey("io.file.buffer.size");
  /** Directory of daemon log files (QUERN_LOG_DIR overrides it). */
  public static final StringKey LOG_DIR = new StringKey("quern.log.dir");
  /** io.MapFile writers put every this many'th key in the file's index (a larger interval makes a smaller index and longer scans). */
  public static final IntKey MAP_INDEX_INTERVAL = new IntKey(io.quern.io.MapFile.INDEX_INTERVAL_KEY);
  /** io.MapFile readers keep only one index entry of every (1 + this) in memory, for very large indexes. */
  public static final IntKey MAP_INDEX_SKIP = new IntKey(io.quern.io.MapFile.INDEX_SKIP_KEY);
  /** How often workers and DataNodes refresh the resources published in their znode. */
  public static final DurationKey RESOURCES_REFRESH_INTERVAL = new DurationKey("quern.resources.refresh.interval", TimeUnit.MILLISECONDS);
  /** Bytes of keys and values a block-compressed SequenceFile gathers before it compresses and writes a block. */
  public static final IntKey SEQFILE_COMPRESS_BLOCKSIZE = new IntKey(io.quern.io.SequenceFile.COMPRESS_BLOCK_SIZE_KEY);
  /** Base directory for data, logs and pid files unless those are set on their own. */
  public static final StringKey TMP_DIR = new StringKey("quern.tmp.dir");
  /** How long a daemon waits for its first ZooKeeper connection before failing to start. */
  public static final DurationKey ZOOKEEPER_CONNECTION_TIMEOUT = new DurationKey("quern.zookeeper.connection.timeout", TimeUnit.MILLISECONDS);
  /** Comma-separated host:port list of the ZooKeeper ensemble. */
  public static final StringKey ZOOKEEPER_QUORUM = new StringKey("quern.zookeeper.quorum");
  /** Initial sleep of the exponential back-off between ZooKeeper retries. */
  public static final DurationKey ZOOKEEPER_RETRY_BASE = new DurationKey("quern.zookeeper.retry.base", TimeUnit.MILLISECONDS);
  /** Retries of one ZooKeeper operation before it fails. */
  public static final IntKey ZOOKEEPER_RETRY_MAX = new IntKey("quern.zookeeper.retry.max");
  /** Parent znode of all clusters' znodes. */
  public static final StringKey ZOOKEEPER_ROOT = new StringKey("quern.zookeeper.root");
  /** ZooKeeper session timeout: how soon a dead or partitioned daemon is noticed. */
  public static final DurationKey ZOOKEEPER_SESSION_TIMEOUT = new DurationKey("quern.zookeeper.session.timeout", TimeUnit.MILLISECONDS);
  private CoreKeys() {}
}
