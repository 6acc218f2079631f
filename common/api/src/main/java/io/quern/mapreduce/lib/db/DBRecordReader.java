package io.quern.mapreduce.lib.db;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.util.ReflectionUtils;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one {@link DBInputFormat.DBInputSplit}: runs the input's SELECT with {@code LIMIT}
 * and {@code OFFSET} for the split's rows, and hands out each row as (row number, record).
 * The record object is reused from row to row, as Hadoop's is. It owns its connection.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's DBRecordReader is).
 */
public class DBRecordReader<T extends DBWritable> extends RecordReader<LongWritable, T> {
  private final DBInputFormat.DBInputSplit split;
  private final Class<T> inputClass;
  private final Configuration conf;
  private final Connection connection;
  private final DBConfiguration dbConf;
  private final String conditions;
  private final String[] fieldNames;
  private final String tableName;
  private PreparedStatement statement;
  private ResultSet results;
  private LongWritable key;
  private T value;
  private long pos;

  public DBRecordReader(DBInputFormat.DBInputSplit split, Class<T> inputClass, Configuration conf,
      Connection connection, DBConfiguration dbConfig, String cond, String[] fields, String table) {
    this.split = split;
    this.inputClass = inputClass;
    this.conf = conf;
    this.connection = connection;
    this.dbConf = dbConfig;
    this.conditions = cond;
    this.fieldNames = fields;
    this.tableName = table;
  }

  /** The SELECT of the split's rows. */
  protected String getSelectQuery() {
    StringBuilder q = new StringBuilder();
    String inputQuery = dbConf.getInputQuery();
    if (inputQuery != null) {
      q.append(inputQuery);
    } else {
      q.append("SELECT ").append(fieldNames == null ? "*" : String.join(", ", fieldNames));
      q.append(" FROM ").append(tableName);
      if (conditions != null && !conditions.isBlank()) {
        q.append(" WHERE (").append(conditions).append(')');
      }
      String orderBy = dbConf.getInputOrderBy();
      if (orderBy != null) {
        q.append(" ORDER BY ").append(orderBy);
      }
    }
    q.append(" LIMIT ").append(split.getLength()).append(" OFFSET ").append(split.getStart());
    return q.toString();
  }

  @Override
  public void initialize(InputSplit ignored, TaskAttemptContext context) {
    // Everything came through the constructor, as Hadoop's reader takes it.
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (key == null) {
      key = new LongWritable();
    }
    if (value == null) {
      value = createValue();
    }
    return next(key, value);
  }

  /** Reads the next row into {@code k} (its row number) and {@code v}; false after the split's last row. */
  protected boolean next(LongWritable k, T v) throws IOException {
    String query = null;
    try {
      if (results == null) {
        query = getSelectQuery();
        statement = connection.prepareStatement(query, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        results = statement.executeQuery();
      }
      if (!results.next()) {
        return false;
      }
      k.set(split.getStart() + pos);
      v.readFields(results);
      pos++;
      return true;
    } catch (SQLException e) {
      throw new IOException(query != null ? "the input query '" + query + "' failed: " + e.getMessage()
          : "reading row " + (split.getStart() + pos) + " failed: " + e.getMessage(), e);
    }
  }

  public T createValue() {
    return ReflectionUtils.newInstance(inputClass, conf);
  }

  /** The rows read so far. */
  public long getPos() {
    return pos;
  }

  @Override
  public LongWritable getCurrentKey() {
    return key;
  }

  @Override
  public T getCurrentValue() {
    return value;
  }

  @Override
  public float getProgress() {
    long length = split.getLength();
    return length == 0 ? 1f : Math.min(1f, pos / (float) length);
  }

  protected Connection getConnection() {
    return connection;
  }

  protected DBInputFormat.DBInputSplit getSplit() {
    return split;
  }

  @Override
  public void close() throws IOException {
    try (Connection c = connection; PreparedStatement s = statement; java.sql.ResultSet r = results) {
      if (!c.getAutoCommit()) {
        c.commit(); // ends the read transaction; nothing was written
      }
    } catch (SQLException e) {
      throw new IOException("closing the input connection failed: " + e.getMessage(), e);
    }
  }
}
