package io.quern.mapreduce.lib.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapred.JobClient;
import io.quern.mapred.JobConf;
import io.quern.mapred.MapReduceBase;
import io.quern.mapred.OutputCollector;
import io.quern.mapred.Reporter;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.LocalJobs;
import io.quern.mapreduce.lib.db.PageViews.AccessRecord;
import io.quern.mapreduce.lib.db.PageViews.PageviewRecord;
import io.quern.mapreduce.task.JobContextImpl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs that read a table through DBInputFormat and write one through DBOutputFormat on the
 * local runner, against an in-memory HSQLDB; every result is checked against plain SQL.
 */
class DBJobLocalTest {
  private static final AtomicInteger DBS = new AtomicInteger();
  private static final String USER = "COUNTER";
  private static final String PASSWORD = "s3cret-pw";
  private static final int ROWS = 3000;

  @TempDir
  Path dir;
  private String url;
  private Connection admin;

  @BeforeEach
  void createDatabase() throws SQLException {
    url = "jdbc:hsqldb:mem:pageviews" + DBS.incrementAndGet();
    admin = DriverManager.getConnection(url, "SA", "");
    PageViews.createTables(admin);
    PageViews.fill(admin, ROWS, 42);
    try (Statement s = admin.createStatement()) {
      // The job connects as a user with a password, which has to reach the tasks.
      s.execute("CREATE USER " + USER + " PASSWORD '" + PASSWORD + "'");
      s.execute("GRANT SELECT ON Access TO " + USER);
      s.execute("GRANT SELECT, INSERT ON Pageview TO " + USER);
    }
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  private Job pageViewJob(String name) throws IOException {
    Job job = LocalJobs.job(dir, name);
    DBConfiguration.configureDB(job.getConfiguration(), PageViews.DRIVER, url, USER, PASSWORD);
    job.setMapperClass(PageViews.ViewMapper.class);
    job.setReducerClass(PageViews.ViewReducer.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(LongWritable.class);
    job.setOutputKeyClass(PageviewRecord.class);
    job.setOutputValueClass(NullWritable.class);
    job.getConfiguration().setInt("mapred.map.tasks", 4);
    DBOutputFormat.setOutput(job, "Pageview", "url", "pageview");
    return job;
  }

  @Test
  void countsPageViewsFromOneTableIntoAnother() throws Exception {
    Job job = pageViewJob("pageviews");
    DBInputFormat.setInput(job, AccessRecord.class, "Access", null, "id", "id", "url", "referrer", "time");
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());

    Map<String, Long> expected = PageViews.counts(admin, "SELECT url, COUNT(*) FROM Access GROUP BY url");
    assertEquals(40, expected.size());
    assertEquals(expected, PageViews.counts(admin, "SELECT url, pageview FROM Pageview"));
    assertEquals(ROWS, job.getCounters().findCounter(io.quern.mapreduce.TaskCounter.MAP_INPUT_RECORDS).getValue());
  }

  @Test
  void theInputQueryVariantReadsOnlyTheQuerysRows() throws Exception {
    Job job = pageViewJob("pageviews-query");
    String where = " FROM Access WHERE time < 500000 AND referrer IS NOT NULL";
    DBInputFormat.setInput(job, AccessRecord.class, "SELECT id, url, referrer, time" + where + " ORDER BY id",
        "SELECT COUNT(*)" + where);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());

    Map<String, Long> expected = PageViews.counts(admin, "SELECT url, COUNT(*)" + where + " GROUP BY url");
    long selected = expected.values().stream().mapToLong(Long::longValue).sum();
    assertTrue(selected > 300 && selected < ROWS / 2, "the query selects a part of the table: " + selected);
    assertEquals(expected, PageViews.counts(admin, "SELECT url, pageview FROM Pageview"));
  }

  /** (row number, id) into Seen, map side. */
  public static class SeenMapper extends Mapper<LongWritable, AccessRecord, RowId, NullWritable> {
    @Override
    protected void map(LongWritable row, AccessRecord access, Context context) throws IOException, InterruptedException {
      context.write(new RowId(row.get(), access.id), NullWritable.get());
    }
  }

  /** One row of Seen. */
  public static class RowId implements DBWritable {
    final long row;
    final long id;

    RowId(long row, long id) {
      this.row = row;
      this.id = id;
    }

    @Override
    public void write(PreparedStatement s) throws SQLException {
      s.setLong(1, row);
      s.setLong(2, id);
    }

    @Override
    public void readFields(ResultSet r) {
      throw new UnsupportedOperationException("written only");
    }
  }

  @Test
  void severalSplitsReadEveryRowExactlyOnce() throws Exception {
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE Seen (row_number BIGINT, id BIGINT)");
      s.execute("GRANT INSERT ON Seen TO " + USER);
    }
    Job job = LocalJobs.job(dir, "seen");
    DBConfiguration.configureDB(job.getConfiguration(), PageViews.DRIVER, url, USER, PASSWORD);
    DBInputFormat.setInput(job, AccessRecord.class, "Access", null, "id", "id", "url", "referrer", "time");
    DBOutputFormat.setOutput(job, "Seen", 2);
    job.setMapperClass(SeenMapper.class);
    job.setNumReduceTasks(0);
    job.getConfiguration().setInt("mapred.map.tasks", 7);

    List<InputSplit> splits = new DBInputFormat<AccessRecord>().getSplits(new JobContextImpl(job.getConfiguration(), null));
    assertEquals(7, splits.size());
    long covered = 0;
    for (InputSplit split : splits) {
      var rows = (DBInputFormat.DBInputSplit) split;
      assertEquals(covered, rows.getStart(), "the splits follow each other");
      covered = rows.getEnd();
    }
    assertEquals(ROWS, covered);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());

    try (Statement s = admin.createStatement()) {
      ResultSet r = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id), COUNT(DISTINCT row_number),"
          + " MIN(row_number), MAX(row_number) FROM Seen");
      r.next();
      assertEquals(List.of((long) ROWS, (long) ROWS, (long) ROWS, 0L, ROWS - 1L),
          List.of(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)));
      r = s.executeQuery("SELECT COUNT(*) FROM Seen JOIN Access ON Seen.id = Access.id");
      r.next();
      assertEquals(ROWS, r.getLong(1), "every id read is an id of the table");
      java.util.Map<Long, Long> idInOrder = new java.util.TreeMap<>();
      r = s.executeQuery("SELECT id FROM Access ORDER BY id");
      for (long n = 0; r.next(); n++) {
        idInOrder.put(n, r.getLong(1));
      }
      java.util.Map<Long, Long> seen = new java.util.TreeMap<>();
      r = s.executeQuery("SELECT row_number, id FROM Seen");
      while (r.next()) {
        seen.put(r.getLong(1), r.getLong(2));
      }
      assertEquals(idInOrder, seen, "each row's key is its row number in the input order");
    }
  }

  /** Writes as SeenMapper does, and fails once the first batches went to the database. */
  public static class FailingSeenMapper extends SeenMapper {
    private int rows;

    @Override
    protected void map(LongWritable row, AccessRecord access, Context context) throws IOException, InterruptedException {
      super.map(row, access, context);
      if (++rows == DBOutputFormat.BATCH_ROWS + 500) {
        throw new IOException("failing after " + rows + " rows");
      }
    }
  }

  @Test
  void aFailedAttemptLeavesNoRowsThoughItSentSome() throws Exception {
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE Seen (row_number BIGINT, id BIGINT)");
      s.execute("GRANT INSERT ON Seen TO " + USER);
    }
    Job job = LocalJobs.job(dir, "seen-failing");
    DBConfiguration.configureDB(job.getConfiguration(), PageViews.DRIVER, url, USER, PASSWORD);
    DBInputFormat.setInput(job, AccessRecord.class, "Access", null, "id", "id", "url", "referrer", "time");
    DBOutputFormat.setOutput(job, "Seen", "row_number", "id");
    job.setMapperClass(FailingSeenMapper.class);
    job.setNumReduceTasks(0);
    job.getConfiguration().setInt("mapred.map.tasks", 1);
    assertFalse(job.waitForCompletion(false));
    try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM Seen")) {
      r.next();
      assertEquals(0, r.getLong(1), "the attempt's transaction was rolled back");
    }
  }

  @Test
  void aPasswordStaysOutOfTheJobsXmlAndStillReachesTheTasks() throws Exception {
    Job job = pageViewJob("secret");
    DBInputFormat.setInput(job, AccessRecord.class, "Access", null, "id", "id", "url", "referrer", "time");
    Configuration conf = job.getConfiguration();
    conf.set(DBConfiguration.PASSWORD_PROPERTY, PASSWORD); // set plainly, as some jobs do
    new DBOutputFormat<PageviewRecord, NullWritable>().checkOutputSpecs(new JobContextImpl(conf, null));
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    conf.writeXml(xml);
    assertFalse(xml.toString(StandardCharsets.UTF_8).contains(PASSWORD), "the password is not in the job's XML");
    assertNotNull(conf.getCredentials().getSecretKey(DBConfiguration.PASSWORD_ALIAS));
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(40, PageViews.counts(admin, "SELECT url, pageview FROM Pageview").size());
  }

  @Test
  void aWrongDriverClassFailsTheSubmissionNamingIt() throws Exception {
    Job job = pageViewJob("bad-driver");
    DBInputFormat.setInput(job, AccessRecord.class, "Access", null, "id", "id", "url", "referrer", "time");
    DBConfiguration.configureDB(job.getConfiguration(), "org.example.NoSuchDriver", url);
    IOException e = assertThrows(IOException.class, () -> job.waitForCompletion(false));
    assertEquals("JDBC driver class org.example.NoSuchDriver is not on the job's class path"
        + " (ship its jar in the job jar or with -libjars)", e.getMessage());
  }

  @Test
  void anUnreachableDatabaseFailsTheSubmissionNamingTheUrl() throws Exception {
    Job job = pageViewJob("bad-url");
    DBInputFormat.setInput(job, AccessRecord.class, "Access", null, "id", "id", "url", "referrer", "time");
    String nowhere = "jdbc:hsqldb:hsql://127.0.0.1:1/nodb";
    DBConfiguration.configureDB(job.getConfiguration(), PageViews.DRIVER, nowhere);
    IOException e = assertThrows(IOException.class, () -> job.waitForCompletion(false));
    assertTrue(e.getMessage().startsWith("cannot connect to " + nowhere + " with JDBC driver " + PageViews.DRIVER + ": "),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aUrlOfAnotherDriverFailsTheSubmission() throws Exception {
    Job job = pageViewJob("other-url");
    DBInputFormat.setInput(job, AccessRecord.class, "Access", null, "id", "id", "url", "referrer", "time");
    DBConfiguration.configureDB(job.getConfiguration(), PageViews.DRIVER, "jdbc:postgresql://127.0.0.1/x");
    IOException e = assertThrows(IOException.class, () -> job.waitForCompletion(false));
    assertEquals("JDBC driver " + PageViews.DRIVER + " does not accept the URL jdbc:postgresql://127.0.0.1/x",
        e.getMessage());
  }

  /** Old API: (url, 1) per access. */
  public static class OldViewMapper extends MapReduceBase
      implements io.quern.mapred.Mapper<LongWritable, AccessRecord, Text, LongWritable> {
    @Override
    public void map(LongWritable row, AccessRecord access, OutputCollector<Text, LongWritable> out, Reporter reporter)
        throws IOException {
      out.collect(new Text(access.url), new LongWritable(1));
    }
  }

  /** Old API: (url, views) rows. */
  public static class OldViewReducer extends MapReduceBase
      implements io.quern.mapred.Reducer<Text, LongWritable, PageviewRecord, NullWritable> {
    @Override
    public void reduce(Text url, Iterator<LongWritable> ones, OutputCollector<PageviewRecord, NullWritable> out,
        Reporter reporter) throws IOException {
      long n = 0;
      while (ones.hasNext()) {
        n += ones.next().get();
      }
      out.collect(new PageviewRecord(url.toString(), n), NullWritable.get());
    }
  }

  @Test
  void theOldApiCountsThePageViewsToo() throws Exception {
    JobConf job = new JobConf(LocalJobs.conf(dir));
    io.quern.mapred.lib.db.DBConfiguration.configureDB(job, PageViews.DRIVER, url, USER, null);
    job.set(DBConfiguration.PASSWORD_PROPERTY, PASSWORD); // plainly, before setInput moves it to the credentials
    io.quern.mapred.lib.db.DBInputFormat.setInput(job, AccessRecord.class, "Access", "time >= 0", "id",
        "id", "url", "referrer", "time");
    io.quern.mapred.lib.db.DBOutputFormat.setOutput(job, "Pageview", "url", "pageview");
    job.setMapperClass(OldViewMapper.class);
    job.setReducerClass(OldViewReducer.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(LongWritable.class);
    job.setOutputKeyClass(PageviewRecord.class);
    job.setOutputValueClass(NullWritable.class);
    job.setNumMapTasks(3);
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    job.writeXml(xml);
    assertFalse(xml.toString(StandardCharsets.UTF_8).contains(PASSWORD), "the password is not in the job's XML");
    assertTrue(JobClient.runJob(job).isSuccessful());
    assertEquals(PageViews.counts(admin, "SELECT url, COUNT(*) FROM Access GROUP BY url"),
        PageViews.counts(admin, "SELECT url, pageview FROM Pageview"));
  }
}
