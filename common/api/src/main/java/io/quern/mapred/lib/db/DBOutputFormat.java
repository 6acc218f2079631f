package io.quern.mapred.lib.db;

import io.quern.fs.FileSystem;
import io.quern.mapred.JobConf;
import io.quern.mapred.OutputFormat;
import io.quern.mapred.RecordWriter;
import io.quern.mapred.Reporter;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import io.quern.util.Progressable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The old API's {@link io.quern.mapreduce.lib.db.DBOutputFormat}. The engine runs it through
 * its new-API face (it is one), so its rows are committed in the task's commit as the new
 * format's are. The old writer this hands out itself ({@link #getRecordWriter(FileSystem,
 * JobConf, String, Progressable)}, for code that drives the format by hand) commits when it
 * closes, as Hadoop's does, since no committer follows it there.
 */
public class DBOutputFormat<K extends DBWritable, V> extends io.quern.mapreduce.lib.db.DBOutputFormat<K, V>
    implements OutputFormat<K, V> {

  /** A new-API writer that commits at close, behind the old interface. */
  protected class DBRecordWriter extends io.quern.mapreduce.lib.db.DBOutputFormat<K, V>.DBRecordWriter
      implements RecordWriter<K, V> {
    protected DBRecordWriter(Connection connection, PreparedStatement statement) throws SQLException {
      super(connection, statement);
    }

    @Override
    public void close(Reporter reporter) throws IOException {
      super.close(null);
      try (Connection c = getConnection()) {
        c.commit();
      } catch (SQLException e) {
        throw new IOException("committing the rows failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void checkOutputSpecs(FileSystem ignored, JobConf job) throws IOException {
    super.checkOutputSpecs(new JobContextImpl(job, null));
  }

  @Override
  public RecordWriter<K, V> getRecordWriter(FileSystem ignored, JobConf job, String name, Progressable progress)
      throws IOException {
    String attempt = job.get(io.quern.mapred.TaskJobConf.TASK_ID);
    var w = super.getRecordWriter(new TaskAttemptContextImpl(job,
        attempt == null ? new TaskAttemptID() : TaskAttemptID.forName(attempt)));
    var inner = (io.quern.mapreduce.lib.db.DBOutputFormat<K, V>.DBRecordWriter) w;
    try {
      return new DBRecordWriter(inner.getConnection(), inner.getStatement());
    } catch (SQLException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** As the new format's {@code setOutput}, on a {@link JobConf}. */
  public static void setOutput(JobConf job, String tableName, String... fieldNames) {
    if (fieldNames.length > 0 && fieldNames[0] != null) {
      setOutput(job, tableName).setOutputFieldNames(fieldNames);
    } else if (fieldNames.length > 0) {
      setOutput(job, tableName, fieldNames.length);
    } else {
      throw new IllegalArgumentException("the output to " + tableName + " names no fields");
    }
  }

  /** As the new format's {@code setOutput} with a column count, on a {@link JobConf}. */
  public static void setOutput(JobConf job, String tableName, int fieldCount) {
    setOutput(job, tableName).setOutputFieldCount(fieldCount);
  }

  private static DBConfiguration setOutput(JobConf job, String tableName) {
    job.setOutputFormat(DBOutputFormat.class);
    job.setReduceSpeculativeExecution(false);
    DBConfiguration db = new DBConfiguration(job);
    db.setOutputTableName(tableName);
    DBConfiguration.keepPasswordSecret(job);
    return db;
  }
}
