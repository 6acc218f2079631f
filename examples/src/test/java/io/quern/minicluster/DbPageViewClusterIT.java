package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.db.DBConfiguration;
import io.quern.mapreduce.lib.db.DBInputFormat;
import io.quern.mapreduce.lib.db.DBOutputFormat;
import io.quern.mapreduce.lib.db.DBWritable;
import io.quern.testutil.Wait;
import io.quern.util.GenericOptionsParser;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page-view count of Hadoop's DBCountPageView on a master and two workers whose tasks run
 * in child JVMs: an HSQLDB server on a loopback port holds the log and takes the counts. The
 * driver's jar is on no class path of this JVM (so of no child's): the tasks load it from the
 * job's -libjars, and the user and password reach them through the job's credentials.
 */
@Timeout(120)
class DbPageViewClusterIT {
  private static final String DRIVER = "org.hsqldb.jdbc.JDBCDriver";
  private static final Path DRIVER_JAR = Path.of("target", "jdbc", "hsqldb.jar");
  private static final int ROWS = 4000;

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  /** One row of Access: (id, url, time). */
  public static class AccessRecord implements DBWritable {
    String url;

    @Override
    public void readFields(ResultSet r) throws SQLException {
      url = r.getString(2);
    }

    @Override
    public void write(PreparedStatement s) {
      throw new UnsupportedOperationException("read only");
    }
  }

  /** One row of Pageview: (url, views). */
  public static class PageviewRecord implements DBWritable, Writable {
    String url;
    long views;

    public PageviewRecord() {}

    PageviewRecord(String url, long views) {
      this.url = url;
      this.views = views;
    }

    @Override
    public void readFields(ResultSet r) throws SQLException {
      url = r.getString(1);
      views = r.getLong(2);
    }

    @Override
    public void write(PreparedStatement s) throws SQLException {
      s.setString(1, url);
      s.setLong(2, views);
    }

    @Override
    public void write(DataOutput out) throws IOException {
      Text.writeString(out, url);
      out.writeLong(views);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      url = Text.readString(in);
      views = in.readLong();
    }
  }

  public static class ViewMapper extends Mapper<LongWritable, AccessRecord, Text, LongWritable> {
    private static final LongWritable ONE = new LongWritable(1);

    @Override
    protected void map(LongWritable row, AccessRecord a, Context context) throws IOException, InterruptedException {
      context.write(new Text(a.url), ONE);
    }
  }

  /**
   * The first attempt of reduce 0 fails after writing its rows (the table Failures, whose key
   * takes one row, tells the first from the next): the retry must not find them there, or
   * Pageview's key would refuse its own.
   */
  public static class ViewReducer extends Reducer<Text, LongWritable, PageviewRecord, NullWritable> {
    @Override
    protected void cleanup(Context context) throws IOException {
      if (context.getTaskAttemptID().getTaskID().getId() != 0) {
        return;
      }
      try (Connection c = new DBConfiguration(context.getConfiguration()).getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO Failures VALUES (0)");
      } catch (SQLException e) {
        return; // an earlier attempt failed already
      } catch (ClassNotFoundException e) {
        throw new IOException(e);
      }
      throw new IOException("the first attempt of reduce 0 fails after writing");
    }

    @Override
    protected void reduce(Text url, Iterable<LongWritable> ones, Context context)
        throws IOException, InterruptedException {
      long n = 0;
      for (LongWritable one : ones) {
        n += one.get();
      }
      context.write(new PageviewRecord(url.toString(), n), NullWritable.get());
    }
  }

  @Test
  void countsPageViewsFromAnHsqldbServerIntoItWithTheDriverFromLibjars() throws Exception {
    assertTrue(Files.isRegularFile(DRIVER_JAR), DRIVER_JAR.toAbsolutePath() + " (copied by the build)");
    assertThrows(ClassNotFoundException.class, () -> Class.forName(DRIVER),
        "the driver is on no class path of this JVM, so of no task child's either");
    try (URLClassLoader hsqldb = new URLClassLoader(new URL[] {DRIVER_JAR.toUri().toURL()},
        getClass().getClassLoader())) {
      int port;
      try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      Object server = startServer(hsqldb, port);
      try {
        String url = "jdbc:hsqldb:hsql://127.0.0.1:" + port + "/pageviews";
        Driver driver = (Driver) Class.forName(DRIVER, true, hsqldb).getDeclaredConstructor().newInstance();
        Properties sa = new Properties();
        sa.setProperty("user", "SA");
        sa.setProperty("password", "");
        try (Connection admin = driver.connect(url, sa)) {
          Map<String, Long> expected = fill(admin);
          runJob(url);
          Map<String, Long> got = new TreeMap<>();
          try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT url, pageview FROM Pageview")) {
            while (r.next()) {
              got.put(r.getString(1), r.getLong(2));
            }
          }
          assertEquals(expected, got);
        }
      } finally {
        server.getClass().getMethod("shutdown").invoke(server);
      }
    }
  }

  private void runJob(String url) throws Exception {
    try (MiniMrCluster cluster = MiniMrCluster.builder(dir).workers(2).slots(2, 1).start()) {
      Configuration conf = cluster.conf();
      ClassLoader before = Thread.currentThread().getContextClassLoader();
      try {
        // -libjars ships the driver to the tasks and puts it on this client's loader (the client counts the rows).
        new GenericOptionsParser(conf, new String[] {"-libjars", DRIVER_JAR.toAbsolutePath().toString()});
        Job job = Job.getInstance(conf, "db-pageviews");
        job.getConfiguration().setClassLoader(conf.getClassLoader());
        DBConfiguration.configureDB(job.getConfiguration(), DRIVER, url, "COUNTER", "cluster-pw");
        DBInputFormat.setInput(job, AccessRecord.class, "Access", null, "id", "id", "url", "time");
        DBOutputFormat.setOutput(job, "Pageview", "url", "pageview");
        job.getConfiguration().setInt("mapred.map.tasks", 3);
        job.setMapperClass(ViewMapper.class);
        job.setReducerClass(ViewReducer.class);
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(LongWritable.class);
        job.setOutputKeyClass(PageviewRecord.class);
        job.setOutputValueClass(NullWritable.class);
        job.setNumReduceTasks(2);
        assertTrue(job.waitForCompletion(false), job.getFailureInfo());
        List<String> failed = java.util.Arrays.stream(job.getTaskCompletionEvents(0, 100))
            .filter(e -> e.getStatus() == io.quern.mapreduce.TaskCompletionEvent.Status.FAILED)
            .map(e -> e.getTaskAttemptId().toString()).toList();
        assertEquals(1, failed.size(), "the first attempt of reduce 0 failed and was run again: " + failed);
        assertTrue(failed.get(0).contains("_r_000000_"), failed.toString());
      } finally {
        Thread.currentThread().setContextClassLoader(before);
      }
    }
  }

  /** An HSQLDB server of one in-memory database on 127.0.0.1:{@code port}, online. */
  private static Object startServer(ClassLoader hsqldb, int port) throws Exception {
    Class<?> cls = Class.forName("org.hsqldb.server.Server", true, hsqldb);
    Object server = cls.getDeclaredConstructor().newInstance();
    cls.getMethod("setAddress", String.class).invoke(server, "127.0.0.1");
    cls.getMethod("setPort", int.class).invoke(server, port);
    cls.getMethod("setDatabaseName", int.class, String.class).invoke(server, 0, "pageviews");
    cls.getMethod("setDatabasePath", int.class, String.class).invoke(server, 0, "mem:pageviews");
    cls.getMethod("setSilent", boolean.class).invoke(server, true);
    cls.getMethod("setNoSystemExit", boolean.class).invoke(server, true);
    cls.getMethod("setLogWriter", java.io.PrintWriter.class).invoke(server, (Object) null);
    cls.getMethod("start").invoke(server);
    // org.hsqldb.server.ServerConstants.SERVER_STATE_ONLINE
    java.lang.reflect.Method state = cls.getMethod("getState");
    Wait.until("the HSQLDB server to be online", Duration.ofSeconds(20), () -> {
      try {
        return (int) state.invoke(server) == 1;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    });
    return server;
  }

  /** The tables, a job user with a password, {@value #ROWS} random accesses; the count per URL by plain SQL. */
  private static Map<String, Long> fill(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE Access (id BIGINT PRIMARY KEY, url VARCHAR(100) NOT NULL, time BIGINT NOT NULL)");
      s.execute("CREATE TABLE Pageview (url VARCHAR(100) PRIMARY KEY, pageview BIGINT NOT NULL)");
      s.execute("CREATE USER COUNTER PASSWORD 'cluster-pw'");
      s.execute("GRANT SELECT ON Access TO COUNTER");
      s.execute("GRANT INSERT ON Pageview TO COUNTER");
      s.execute("CREATE TABLE Failures (task INT PRIMARY KEY)");
      s.execute("GRANT INSERT ON Failures TO COUNTER");
    }
    Random r = new Random(7);
    try (PreparedStatement s = c.prepareStatement("INSERT INTO Access VALUES (?, ?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        s.setLong(1, (i * 7919L) % 1_000_003L);
        s.setString(2, "http://example.org/p" + r.nextInt(30));
        s.setLong(3, r.nextInt(1_000_000));
        s.addBatch();
      }
      s.executeBatch();
    }
    Map<String, Long> counts = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT url, COUNT(*) FROM Access GROUP BY url")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    assertEquals(30, counts.size());
    return counts;
  }
}
