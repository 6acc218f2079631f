package io.quern.mapreduce.lib.db;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes each output key, a {@link DBWritable}, as one row of a table through a batched
 * INSERT; the value is ignored. A task's rows go in one transaction per attempt.
 *
 * <p>When the rows become visible: Hadoop commits the transaction when the writer closes, so
 * a speculative attempt, or one that fails after its writer closed, leaves its rows behind
 * next to those of the attempt that succeeds. Here the writer only sends the rows; the
 * transaction is committed in the task's commit, which the master grants to one attempt of
 * the task, and rolled back when the attempt is aborted (it failed, was killed, or lost the
 * commit to another). What remains, as in any commit to an outside system: an attempt that
 * commits the transaction and then dies before the master hears that the task is done is run
 * again, and the retry inserts the task's rows a second time. A primary key on the output
 * columns turns that into a failed retry instead of duplicate rows.
 */
public class DBOutputFormat<K extends DBWritable, V> extends OutputFormat<K, V> {
  /** Rows sent per batch: bounds what the driver buffers; the transaction still spans the task. */
  static final int BATCH_ROWS = 1000;

  // The writer of this attempt, whose transaction the committer ends. The engine asks one
  // format instance for the committer and then the writer of an attempt.
  // Confined to the task's thread, which makes the writer and runs the committer.
  private DBRecordWriter writer;

  /** The statement this format prepares: an INSERT of {@code fieldNames}, or of as many values as the table has columns. */
  public String constructQuery(String table, String[] fieldNames) {
    if (fieldNames == null || fieldNames.length == 0) {
      throw new IllegalArgumentException("the output to " + table + " names no fields");
    }
    StringBuilder q = new StringBuilder("INSERT INTO ").append(table);
    if (fieldNames[0] != null) {
      q.append(" (").append(String.join(",", fieldNames)).append(')');
    }
    q.append(" VALUES (");
    for (int i = 0; i < fieldNames.length; i++) {
      q.append(i == 0 ? "?" : ",?");
    }
    return q.append(')').toString();
  }

  /** Fails at submission when the output is not set or the database cannot be reached. */
  @Override
  public void checkOutputSpecs(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    DBConfiguration.keepPasswordSecret(conf);
    DBConfiguration db = new DBConfiguration(conf);
    if (db.getOutputTableName() == null) {
      throw new IOException("the job names no output table (" + DBConfiguration.OUTPUT_TABLE_NAME_PROPERTY
          + "); see DBOutputFormat.setOutput");
    }
    fieldNames(db);
    closeQuietly(DBInputFormat.connect(db)); // only to fail now, naming the cause, rather than in every task
  }

  private static String[] fieldNames(DBConfiguration db) throws IOException {
    String[] names = db.getOutputFieldNames();
    if (names != null) {
      return names;
    }
    int count = db.getOutputFieldCount();
    if (count <= 0) {
      throw new IOException("the output to " + db.getOutputTableName() + " names neither its fields ("
          + DBConfiguration.OUTPUT_FIELD_NAMES_PROPERTY + ") nor their count ("
          + DBConfiguration.OUTPUT_FIELD_COUNT_PROPERTY + "); see DBOutputFormat.setOutput");
    }
    return new String[count];
  }

  @Override
  public synchronized RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException {
    DBConfiguration db = new DBConfiguration(context.getConfiguration());
    String table = db.getOutputTableName();
    String query = constructQuery(table, fieldNames(db));
    Connection connection = DBInputFormat.connect(db);
    try {
      connection.setAutoCommit(false);
      writer = new DBRecordWriter(connection, connection.prepareStatement(query));
      return writer;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new IOException("cannot prepare '" + query + "': " + e.getMessage(), e);
    }
  }

  @Override
  public OutputCommitter getOutputCommitter(TaskAttemptContext context) {
    return new Committer();
  }

  private synchronized DBRecordWriter takeWriter() {
    DBRecordWriter w = writer;
    writer = null;
    return w;
  }

  private synchronized boolean hasWriter() {
    return writer != null;
  }

  /** Ends the attempt's transaction: commits it when the task commits, rolls it back otherwise. */
  private final class Committer extends OutputCommitter {
    @Override
    public void setupJob(JobContext jobContext) {}

    @Override
    public void setupTask(TaskAttemptContext taskContext) {}

    @Override
    public boolean needsTaskCommit(TaskAttemptContext taskContext) {
      return hasWriter();
    }

    @Override
    public void commitTask(TaskAttemptContext taskContext) throws IOException {
      DBRecordWriter w = takeWriter();
      if (w != null) {
        w.commit();
      }
    }

    @Override
    public void abortTask(TaskAttemptContext taskContext) {
      DBRecordWriter w = takeWriter();
      if (w != null) {
        w.rollback();
      }
    }
  }

  /**
   * Sends a task's rows: each key is bound to the INSERT and added to the batch, which goes to
   * the database every {@value #BATCH_ROWS} rows and at close. The transaction stays open
   * until the committer ends it.
   *
   * <p>Confined to the task's thread.
   */
  public class DBRecordWriter extends RecordWriter<K, V> {
    private final Connection connection;
    private final PreparedStatement statement;
    private int batched;

    public DBRecordWriter(Connection connection, PreparedStatement statement) throws SQLException {
      this.connection = connection;
      this.statement = statement;
      connection.setAutoCommit(false);
    }

    public Connection getConnection() {
      return connection;
    }

    public PreparedStatement getStatement() {
      return statement;
    }

    @Override
    public void write(K key, V value) throws IOException {
      try {
        key.write(statement);
        statement.addBatch();
        if (++batched >= BATCH_ROWS) {
          flush();
        }
      } catch (SQLException e) {
        throw new IOException("inserting " + key + " failed: " + e.getMessage(), e);
      }
    }

    private void flush() throws SQLException {
      statement.executeBatch();
      batched = 0;
    }

    /** Sends what is left of the batch; the rows wait for the task's commit. */
    @Override
    public void close(TaskAttemptContext context) throws IOException {
      try {
        if (batched > 0) {
          flush();
        }
      } catch (SQLException e) {
        throw new IOException("inserting the last rows failed: " + e.getMessage(), e);
      }
    }

    void commit() throws IOException {
      try {
        connection.commit();
      } catch (SQLException e) {
        rollback();
        throw new IOException("committing the task's rows failed: " + e.getMessage(), e);
      } finally {
        closeQuietly(connection);
      }
    }

    void rollback() {
      try {
        connection.rollback();
      } catch (SQLException e) {
        // The connection closes next; an uncommitted transaction dies with it.
      } finally {
        closeQuietly(connection);
      }
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Nothing is left to save on a connection being dropped.
    }
  }

  /** Writes the job's output keys into {@code tableName}'s {@code fieldNames}, in that order. */
  public static DBConfiguration setOutput(Job job, String tableName, String... fieldNames) {
    if (fieldNames.length > 0 && fieldNames[0] != null) {
      DBConfiguration db = setOutput(job, tableName);
      db.setOutputFieldNames(fieldNames);
      return db;
    }
    if (fieldNames.length > 0) {
      return setOutput(job, tableName, fieldNames.length);
    }
    throw new IllegalArgumentException("the output to " + tableName + " names no fields");
  }

  /** Writes the job's output keys into all {@code fieldCount} columns of {@code tableName}, in the table's order. */
  public static DBConfiguration setOutput(Job job, String tableName, int fieldCount) {
    DBConfiguration db = setOutput(job, tableName);
    db.setOutputFieldCount(fieldCount);
    return db;
  }

  private static DBConfiguration setOutput(Job job, String tableName) {
    job.setOutputFormatClass(DBOutputFormat.class);
    job.setReduceSpeculativeExecution(false);
    DBConfiguration db = new DBConfiguration(job.getConfiguration());
    db.setOutputTableName(tableName);
    DBConfiguration.keepPasswordSecret(job.getConfiguration());
    return db;
  }
}
