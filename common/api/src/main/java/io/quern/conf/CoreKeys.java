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
  /** Longest a daemon spends closing on SIGTERM (unregister, unexport) before it exits anyway. */
  public static final DurationKey DAEMON_SHUTDOWN_TIMEOUT = new DurationKey("quern.daemon.shutdown.timeout", TimeUnit.MILLISECONDS);
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
  /** Most hosts passed to one run of the topology script. */
  public static final IntKey NET_TOPOLOGY_SCRIPT_NUMBER_ARGS = new IntKey("net.topology.script.number.args");
  /** A topology script running longer is killed and its hosts go to /default-rack. */
  public static final DurationKey NET_TOPOLOGY_SCRIPT_TIMEOUT = new DurationKey("net.topology.script.timeout", TimeUnit.MILLISECONDS);
  /** How often workers and DataNodes refresh the resources published in their znode. */
  public static final DurationKey RESOURCES_REFRESH_INTERVAL = new DurationKey("quern.resources.refresh.interval", TimeUnit.MILLISECONDS);
  /** Timeout to open an RMI connection. */
  public static final DurationKey RPC_CONNECT_TIMEOUT = new DurationKey("quern.rpc.connect.timeout", TimeUnit.MILLISECONDS);
  /** A connection that has not completed the authentication handshake within this time is closed. */
  public static final DurationKey RPC_HANDSHAKE_TIMEOUT = new DurationKey("quern.rpc.handshake.timeout", TimeUnit.MILLISECONDS);
  /** Largest array a remote call may carry, in its arguments or in its answer, in elements (deserialization bound). */
  public static final LongKey RPC_MAX_ARRAY_LENGTH = new LongKey("quern.rpc.max.array.length");
  /** Most connections one peer address may hold open to one RPC server; more are closed at accept. */
  public static final IntKey RPC_MAX_CONNECTIONS_PER_PEER = new IntKey("quern.rpc.max.connections.per.peer");
  /** Deepest object nesting one remote call may carry, in its arguments or in its answer (deserialization bound). */
  public static final LongKey RPC_MAX_DEPTH = new LongKey("quern.rpc.max.depth");
  /** Most objects one remote call may carry, in its arguments or in its answer (deserialization bound). A job's submission carries about six per split: a job of 100,000 maps needs some 600,000. */
  public static final LongKey RPC_MAX_REFS = new LongKey("quern.rpc.max.refs");
  /** Largest serialized arguments, or answer, one remote call may carry, in bytes. */
  public static final SizeKey RPC_MAX_STREAM_BYTES = new SizeKey("quern.rpc.max.stream.bytes");
  /** Timeout of a blocked read on an RMI connection: no remote call waits longer. */
  public static final DurationKey RPC_READ_TIMEOUT = new DurationKey("quern.rpc.read.timeout", TimeUnit.MILLISECONDS);
  /** How long a client keeps re-resolving and retrying a daemon it cannot connect to. */
  public static final DurationKey RPC_RETRY_WINDOW = new DurationKey("quern.rpc.retry.window", TimeUnit.MILLISECONDS);
  /** Whether every RPC connection and ZooKeeper session must prove the cluster secret. */
  public static final BooleanKey SECURITY_ENABLED = new BooleanKey("quern.security.enabled");
  /** Encrypt RPC traffic (AES-256-GCM with per-connection keys); either side asking is enough. */
  public static final BooleanKey SECURITY_ENCRYPTION = new BooleanKey("quern.security.encryption");
  /** How long a job token a worker issues to a task JVM is accepted; the worker sends the task a fresh one when a third of this is left, for as long as the job runs there. A token copied out of a task stops working at the latest this long after it was issued. */
  public static final DurationKey SECURITY_JOB_TOKEN_LIFETIME = new DurationKey("quern.security.job.token.lifetime", TimeUnit.MILLISECONDS);
  /** Set by workers in the configurations of task child JVMs, which hold only their job's token: no secret file exists for them. */
  public static final BooleanKey SECURITY_JOB_TOKEN_ONLY = new BooleanKey("quern.security.job.token.only");
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
