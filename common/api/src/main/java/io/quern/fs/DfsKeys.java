package io.quern.fs;

import io.quern.conf.BooleanKey;
import io.quern.conf.DoubleKey;
import io.quern.conf.DurationKey;
import io.quern.conf.IntKey;
import io.quern.conf.LongKey;
import io.quern.conf.SizeKey;
import io.quern.conf.StringKey;
import java.util.concurrent.TimeUnit;

/**
 * The DFS configuration keys (dfs-default.xml declares each with its default and description).
 * Each key reads its default from there; a key declared with an empty value has none (see
 * {@link io.quern.conf.ConfKey}).
 */
public final class DfsKeys {
  /** How often a DataNode sends a full block report besides the one when a NameNode appears. */
  public static final DurationKey BLOCKREPORT_INTERVAL = new DurationKey("dfs.blockreport.interval", TimeUnit.MILLISECONDS);
  /** How long a block access token is good for, in minutes (or with a unit, such as 10h); the NameNode issues one with every block it locates, and DataNodes serve a task JVM only with one. */
  public static final DurationKey BLOCK_ACCESS_TOKEN_LIFETIME = new DurationKey("dfs.block.access.token.lifetime", TimeUnit.MINUTES);
  /** Default block size of new files; a multiple of dfs.bytes-per-checksum. */
  public static final SizeKey BLOCK_SIZE = new SizeKey("dfs.block.size");
  /** Bytes covered by each CRC32C checksum of block data. */
  public static final SizeKey BYTES_PER_CHECKSUM = new SizeKey("dfs.bytes-per-checksum");
  /** How long closing a file waits for its last block to be reported by a DataNode. */
  public static final DurationKey CLIENT_COMPLETE_TIMEOUT = new DurationKey("dfs.client.complete.timeout", TimeUnit.MILLISECONDS);
  /** How long a client retries connecting to a DataNode before failing over to another. */
  public static final DurationKey CLIENT_DATANODE_RETRY_WINDOW = new DurationKey("dfs.client.datanode.retry.window", TimeUnit.MILLISECONDS);
  /** How often a client with files open for writing renews its lease; well below dfs.namenode.lease.timeout. */
  public static final DurationKey CLIENT_LEASE_RENEW_INTERVAL = new DurationKey("dfs.client.lease.renew.interval", TimeUnit.MILLISECONDS);
  /** Chunks a reader fetches (and verifies) ahead of the one it is consuming, from the same replica; each holds dfs.client.transfer.chunk.size of memory. 0 turns read-ahead off. */
  public static final IntKey CLIENT_READ_AHEAD = new IntKey("dfs.client.read.ahead");
  /** Whether a reader on the host of a DataNode that holds a replica (a map task reading its split, fs -cat on a worker) reads it over that DataNode's local socket (dfs.domain.socket.path) instead of RPC: no serialization and no record tags, the data never leaving the host. The block access token is checked as for any read; on any failure (replica gone, bad checksum, DataNode restarted) the reader goes on over RPC. */
  public static final BooleanKey CLIENT_READ_SHORTCIRCUIT = new BooleanKey("dfs.client.read.shortcircuit");
  /** How long DFS clients and DataNodes retry a NameNode they cannot reach (a restart), re-resolving it through ZooKeeper. */
  public static final DurationKey CLIENT_RETRY_WINDOW = new DurationKey("dfs.client.retry.window", TimeUnit.MILLISECONDS);
  /** Bytes per block transfer call; a multiple of dfs.bytes-per-checksum. */
  public static final SizeKey CLIENT_TRANSFER_CHUNK_SIZE = new SizeKey("dfs.client.transfer.chunk.size");
  /** Chunks a writer keeps in flight down a block's pipeline before waiting for the oldest one's ack; each holds dfs.client.transfer.chunk.size of memory. */
  public static final IntKey CLIENT_WRITE_WINDOW = new IntKey("dfs.client.write.window");
  /** If positive, the most bytes of replicas a DataNode stores (a quota below the disk size). */
  public static final SizeKey DATANODE_CAPACITY = new SizeKey("dfs.datanode.capacity");
  /** Comma-separated directories where a DataNode stores replicas; new replicas are spread across them. */
  public static final StringKey DATANODE_DATA_DIR = new StringKey("dfs.datanode.data.dir");
  /** Bytes of each data disk a DataNode leaves free for other uses. */
  public static final SizeKey DATANODE_DU_RESERVED = new SizeKey("dfs.datanode.du.reserved");
  /** RMI port of a DataNode on its quern.daemon.host (0 picks a free one). */
  public static final IntKey DATANODE_PORT = new IntKey("dfs.datanode.port");
  /** How often a DataNode retries reports the NameNode did not take. */
  public static final DurationKey DATANODE_REPORT_RETRY_INTERVAL = new DurationKey("dfs.datanode.report.retry.interval", TimeUnit.MILLISECONDS);
  /** How often the block scanner re-verifies every replica's checksums. */
  public static final DurationKey DATANODE_SCAN_PERIOD = new DurationKey("dfs.datanode.scan.period", TimeUnit.MILLISECONDS);
  /** Short-circuit reads a DataNode serves at once; a reader beyond that is refused at once and reads over RPC. */
  public static final IntKey DATANODE_SHORTCIRCUIT_STREAMS_MAX = new IntKey("dfs.datanode.shortcircuit.streams.max");
  /** Whether a DataNode forces a replica (data, checksums and its directory entry) to disk when finalizing it, before the writer's close() returns. false (as HDFS): a closed file survives the crash or SIGKILL of any DataNode process (its bytes are in the OS page cache), and replicas on other machines cover a machine crash; only a power loss or kernel crash of every machine holding a block within seconds of its write (the OS writeback delay) can lose it, and a replica cut short that way fails its checksums and is replaced. true: every replica of a closed file is on disk, at the cost of three fsyncs per replica on the write path. The NameNode's edit log is synced before every acknowledged change either way. */
  public static final BooleanKey DATANODE_SYNCONCLOSE = new BooleanKey("dfs.datanode.synconclose");
  /** Threads a DataNode uses for the NameNode's copy and delete orders. */
  public static final IntKey DATANODE_TRANSFER_THREADS = new IntKey("dfs.datanode.transfer.threads");
  /** How long a chunk that reached a DataNode before the chunks ahead of it waits for them; below quern.rpc.read.timeout. */
  public static final DurationKey DATANODE_WRITE_ORDER_WAIT = new DurationKey("dfs.datanode.write.order.wait", TimeUnit.MILLISECONDS);
  /** UNIX domain socket on which a DataNode serves short-circuit reads to readers on its host; _PORT stands for its RPC port. Its directory must belong to the DataNode's user and not be writable by group or others (the DataNode makes it 0755 if missing), and be reachable by task users. Empty: the DataNode serves none. */
  public static final StringKey DOMAIN_SOCKET_PATH = new StringKey("dfs.domain.socket.path");
  /** How often the NameNode writes an image and empties its edit log. */
  public static final DurationKey NAMENODE_CHECKPOINT_PERIOD = new DurationKey("dfs.namenode.checkpoint.period", TimeUnit.MILLISECONDS);
  /** The NameNode also checkpoints once this many edits have been logged since the last image. */
  public static final LongKey NAMENODE_CHECKPOINT_TXNS = new LongKey("dfs.namenode.checkpoint.txns");
  /** Longest name (characters) of one path component the NameNode lets a client create. */
  public static final IntKey NAMENODE_FS_LIMITS_MAX_COMPONENT_LENGTH = new IntKey("dfs.namenode.fs-limits.max-component-length");
  /** Most components a path the NameNode lets a client create may have. */
  public static final IntKey NAMENODE_FS_LIMITS_MAX_DIRECTORY_DEPTH = new IntKey("dfs.namenode.fs-limits.max-directory-depth");
  /** Longest whole path (characters) the NameNode accepts in any call. */
  public static final IntKey NAMENODE_FS_LIMITS_MAX_PATH_LENGTH = new IntKey("dfs.namenode.fs-limits.max-path-length");
  /** A writer that has not renewed its lease for this long is presumed dead and its file is closed. */
  public static final DurationKey NAMENODE_LEASE_TIMEOUT = new DurationKey("dfs.namenode.lease.timeout", TimeUnit.MILLISECONDS);
  /** Most files one DFS client may hold open for writing at once; the next create fails until it closes some. */
  public static final IntKey NAMENODE_MAX_OPEN_FILES_PER_CLIENT = new IntKey("dfs.namenode.max.open.files.per.client");
  /** Directory of the NameNode's image (fsimage) and edit log (edits). */
  public static final StringKey NAMENODE_NAME_DIR = new StringKey("dfs.namenode.name.dir");
  /** RMI port of the NameNode on quern.daemon.host (0 picks a free one). */
  public static final IntKey NAMENODE_PORT = new IntKey("dfs.namenode.port");
  /** How often the NameNode's monitor runs: lease expiry, re-replication, decommission progress. */
  public static final DurationKey NAMENODE_REPLICATION_INTERVAL = new DurationKey("dfs.namenode.replication.interval", TimeUnit.MILLISECONDS);
  /** Copies one DataNode is asked to send per monitor round. */
  public static final IntKey NAMENODE_REPLICATION_MAX_STREAMS = new IntKey("dfs.namenode.replication.max-streams");
  /** Replicas a file's last block needs before the file can be closed. */
  public static final IntKey NAMENODE_REPLICATION_MIN = new IntKey("dfs.namenode.replication.min");
  /** How long the NameNode waits for an ordered copy before ordering it again. */
  public static final DurationKey NAMENODE_REPLICATION_PENDING_TIMEOUT = new DurationKey("dfs.namenode.replication.pending.timeout", TimeUnit.MILLISECONDS);
  /** Fraction of blocks with a reported replica at which the NameNode leaves start-up safe mode. */
  public static final DoubleKey NAMENODE_SAFEMODE_THRESHOLD_PCT = new DoubleKey("dfs.namenode.safemode.threshold-pct");
  /** Whether the NameNode checks owner, group and mode (rwx for user, group, others) on every namespace operation. */
  public static final BooleanKey PERMISSIONS_ENABLED = new BooleanKey("dfs.permissions.enabled");
  /** Members of this group are DFS superusers, as is the user who started the NameNode; it is also the group of the root directory. */
  public static final StringKey PERMISSIONS_SUPERUSERGROUP = new StringKey("dfs.permissions.superusergroup");
  /** Octal mask cleared from new files (666) and directories (777) by the NameNode. */
  public static final StringKey PERMISSIONS_UMASK = new StringKey("dfs.permissions.umask");
  /** Static user-to-groups table for DFS permissions, e.g. alice=staff,dev;bob=dev; users not listed get the groups 'id -Gn USER' prints on the NameNode host. */
  public static final StringKey PERMISSIONS_USER_GROUPS = new StringKey("dfs.permissions.user.groups");
  /** Default number of replicas of a new file's blocks. */
  public static final IntKey REPLICATION = new IntKey("dfs.replication");
  /** Largest replication a file may ask for. */
  public static final IntKey REPLICATION_MAX = new IntKey("dfs.replication.max");
  private DfsKeys() {}
}
