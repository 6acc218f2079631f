package io.quern.mapred.lib.db;

import io.quern.io.LongWritable;
import io.quern.mapred.InputFormat;
import io.quern.mapred.InputSplit;
import io.quern.mapred.JobConf;
import io.quern.mapred.JobConfigurable;
import io.quern.mapred.RecordReader;
import io.quern.mapred.Reporter;
import io.quern.mapreduce.task.JobContextImpl;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;

/**
 * The old API's {@link io.quern.mapreduce.lib.db.DBInputFormat}: the same splits (row ranges
 * read with LIMIT and OFFSET) and records, behind the old interfaces.
 */
public class DBInputFormat<T extends DBWritable> extends io.quern.mapreduce.lib.db.DBInputFormat<T>
    implements InputFormat<LongWritable, T>, JobConfigurable {

  /** A record with no fields, the input class when none is set. */
  public static class NullDBWritable extends io.quern.mapreduce.lib.db.DBInputFormat.NullDBWritable
      implements DBWritable {}

  /** Rows {@code [start, end)} of the input as an old-API split. */
  public static class DBInputSplit extends io.quern.mapreduce.lib.db.DBInputFormat.DBInputSplit
      implements InputSplit {
    public DBInputSplit() {}

    public DBInputSplit(long start, long end) {
      super(start, end);
    }
  }

  /** The new reader, driven through the old interface: {@code next} refills the caller's objects. */
  protected class DBRecordReader extends io.quern.mapreduce.lib.db.DBRecordReader<T>
      implements RecordReader<LongWritable, T> {
    protected DBRecordReader(DBInputSplit split, Class<T> inputClass, JobConf job, Connection connection,
        io.quern.mapreduce.lib.db.DBConfiguration dbConfig, String cond, String[] fields, String table) {
      super(split, inputClass, job, connection, dbConfig, cond, fields, table);
    }

    @Override
    public boolean next(LongWritable key, T value) throws IOException {
      return super.next(key, value);
    }

    @Override
    public LongWritable createKey() {
      return new LongWritable();
    }
  }

  @Override
  public void configure(JobConf job) {
    setConf(job);
  }

  /** The new format's splits; {@code chunks} is the job's map count, which the new format reads itself. */
  @Override
  public InputSplit[] getSplits(JobConf job, int chunks) throws IOException {
    List<io.quern.mapreduce.InputSplit> splits = super.getSplits(new JobContextImpl(job, null));
    InputSplit[] out = new InputSplit[splits.size()];
    for (int i = 0; i < out.length; i++) {
      var s = (io.quern.mapreduce.lib.db.DBInputFormat.DBInputSplit) splits.get(i);
      out[i] = new DBInputSplit(s.getStart(), s.getEnd());
    }
    return out;
  }

  @Override
  @SuppressWarnings("unchecked")
  public RecordReader<LongWritable, T> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException {
    setConf(job);
    io.quern.mapreduce.lib.db.DBConfiguration db = getDBConf();
    Class<T> inputClass = (Class<T>) db.getInputClass();
    return new DBRecordReader((DBInputSplit) split, inputClass, job, getConnection(), db, db.getInputConditions(),
        db.getInputFieldNames(), db.getInputTableName());
  }

  /** As the new format's {@code setInput}, on a {@link JobConf}. */
  public static void setInput(JobConf job, Class<? extends DBWritable> inputClass, String tableName,
      String conditions, String orderBy, String... fieldNames) {
    job.setInputFormat(DBInputFormat.class);
    DBConfiguration db = new DBConfiguration(job);
    db.setInputClass(inputClass);
    DBConfiguration.keepPasswordSecret(job);
    db.setInputTableName(tableName);
    db.setInputFieldNames(fieldNames);
    db.setInputConditions(conditions);
    db.setInputOrderBy(orderBy);
  }

  /** As the new format's {@code setInput} with a query and its count query, on a {@link JobConf}. */
  public static void setInput(JobConf job, Class<? extends DBWritable> inputClass, String inputQuery,
      String inputCountQuery) {
    job.setInputFormat(DBInputFormat.class);
    DBConfiguration db = new DBConfiguration(job);
    db.setInputClass(inputClass);
    DBConfiguration.keepPasswordSecret(job);
    db.setInputQuery(inputQuery);
    db.setInputCountQuery(inputCountQuery);
  }
}
