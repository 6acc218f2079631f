package io.quern.mapreduce.lib.db;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.Writable;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows of a table (or of a query) through JDBC, each as a {@link DBWritable} keyed
 * by its row number. As in Hadoop, the client counts the rows and cuts them into one split per
 * map ({@code mapred.map.tasks}); each map pages its rows with {@code LIMIT n OFFSET start}.
 * Paging is only exact when the row order is fixed: give an ORDER BY (the order-by argument,
 * or inside the input query) on a unique key, or rows may be read twice or missed.
 */
public class DBInputFormat<T extends DBWritable> extends InputFormat<LongWritable, T> implements Configurable {
  /** With dbConf: written once, by setConf as the format is made, before use. */
  private Configuration conf;
  private DBConfiguration dbConf;

  /** A record with no fields, the input class when none is set. */
  public static class NullDBWritable implements DBWritable, Writable {
    @Override
    public void readFields(DataInput in) {}

    @Override
    public void readFields(ResultSet resultSet) {}

    @Override
    public void write(DataOutput out) {}

    @Override
    public void write(PreparedStatement statement) {}
  }

  /**
   * The rows {@code [start, end)} of the input, in its order; read by one map.
   *
   * <p>Confined to the thread using it, as any split's state is (readFields fills it).
   */
  public static class DBInputSplit extends InputSplit implements Writable {
    private long start;
    private long end;

    /** For the framework, which reads the fields in the task. */
    public DBInputSplit() {}

    public DBInputSplit(long start, long end) {
      this.start = start;
      this.end = end;
    }

    public long getStart() {
      return start;
    }

    public long getEnd() {
      return end;
    }

    /** The number of rows. */
    @Override
    public long getLength() {
      return end - start;
    }

    /** The database is no host of the cluster: no locality. */
    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeLong(start);
      out.writeLong(end);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      start = in.readLong();
      end = in.readLong();
    }

    @Override
    public String toString() {
      return "rows [" + start + ", " + end + ")";
    }
  }

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
    this.dbConf = new DBConfiguration(conf);
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  public DBConfiguration getDBConf() {
    return dbConf;
  }

  /** A connection to the job's database; the caller closes it. */
  public Connection getConnection() throws IOException {
    return connect(dbConf);
  }

  /** Opens a connection, turning a driver or connection failure into one sentence. */
  static Connection connect(DBConfiguration db) throws IOException {
    try {
      return db.getConnection();
    } catch (ClassNotFoundException | SQLException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Counts the input's rows and cuts them into as many splits as the job has maps (fewer when there are fewer rows). */
  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration c = job.getConfiguration();
    setConf(c);
    DBConfiguration.keepPasswordSecret(c);
    long count = countRows();
    int maps = Math.max(1, MapredKeys.NUM_MAPS.getInt(c));
    int chunks = (int) Math.max(1, Math.min(maps, count));
    long chunkSize = count / chunks;
    List<InputSplit> splits = new ArrayList<>(chunks);
    for (int i = 0; i < chunks; i++) {
      long start = i * chunkSize;
      // The last split takes the remainder of the division.
      long end = i + 1 == chunks ? count : start + chunkSize;
      splits.add(new DBInputSplit(start, end));
    }
    return splits;
  }

  private long countRows() throws IOException {
    String query = getCountQuery();
    try (Connection c = getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
      if (!r.next()) {
        throw new IOException("the count query '" + query + "' returned no row");
      }
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IOException("the count query '" + query + "' failed: " + e.getMessage(), e);
    }
  }

  /** The query counting the input's rows: the one set with the input query, else a COUNT(*) of the table. */
  protected String getCountQuery() throws IOException {
    String set = dbConf.getInputCountQuery();
    if (set != null) {
      return set;
    }
    String table = dbConf.getInputTableName();
    if (table == null) {
      throw new IOException("the job names neither an input table (" + DBConfiguration.INPUT_TABLE_NAME_PROPERTY
          + ") nor an input count query (" + DBConfiguration.INPUT_COUNT_QUERY + "); see DBInputFormat.setInput");
    }
    StringBuilder q = new StringBuilder("SELECT COUNT(*) FROM ").append(table);
    String conditions = dbConf.getInputConditions();
    if (conditions != null) {
      q.append(" WHERE ").append(conditions);
    }
    return q.toString();
  }

  @Override
  @SuppressWarnings("unchecked")
  public RecordReader<LongWritable, T> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException {
    Configuration c = context.getConfiguration();
    setConf(c);
    Class<T> inputClass = (Class<T>) dbConf.getInputClass();
    return createDBRecordReader((DBInputSplit) split, inputClass, c);
  }

  /** A reader of {@code split} on a connection of its own, which it closes. */
  protected RecordReader<LongWritable, T> createDBRecordReader(DBInputSplit split, Class<T> inputClass,
      Configuration c) throws IOException {
    Connection connection = getConnection();
    return new DBRecordReader<>(split, inputClass, c, connection, dbConf, dbConf.getInputConditions(),
        dbConf.getInputFieldNames(), dbConf.getInputTableName());
  }

  /**
   * Reads {@code fieldNames} of the rows of {@code tableName} that meet {@code conditions}
   * (a WHERE clause without the WHERE; may be null), in the order of {@code orderBy} (an ORDER
   * BY clause without the keywords; give one, see the class comment).
   */
  public static void setInput(Job job, Class<? extends DBWritable> inputClass, String tableName, String conditions,
      String orderBy, String... fieldNames) {
    job.setInputFormatClass(DBInputFormat.class);
    DBConfiguration db = new DBConfiguration(job.getConfiguration());
    db.setInputClass(inputClass);
    DBConfiguration.keepPasswordSecret(job.getConfiguration());
    db.setInputTableName(tableName);
    db.setInputFieldNames(fieldNames);
    db.setInputConditions(conditions);
    db.setInputOrderBy(orderBy);
  }

  /**
   * Reads the rows of {@code inputQuery} (a SELECT to which LIMIT and OFFSET are appended, so
   * with its ORDER BY and without its own LIMIT); {@code inputCountQuery} counts them.
   */
  public static void setInput(Job job, Class<? extends DBWritable> inputClass, String inputQuery,
      String inputCountQuery) {
    job.setInputFormatClass(DBInputFormat.class);
    DBConfiguration db = new DBConfiguration(job.getConfiguration());
    db.setInputClass(inputClass);
    DBConfiguration.keepPasswordSecret(job.getConfiguration());
    db.setInputQuery(inputQuery);
    db.setInputCountQuery(inputCountQuery);
  }
}
