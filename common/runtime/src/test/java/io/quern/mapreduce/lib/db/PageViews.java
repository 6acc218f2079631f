package io.quern.mapreduce.lib.db;

import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** A page-view log in a table, the job that counts views per URL, and the reference count by plain SQL. */
final class PageViews {
  static final String DRIVER = "org.hsqldb.jdbc.JDBCDriver";

  private PageViews() {}

  /** One row of Access: (id, url, referrer, time); read by both APIs. */
  public static class AccessRecord implements io.quern.mapred.lib.db.DBWritable {
    long id;
    String url;
    String referrer;
    long time;

    @Override
    public void readFields(ResultSet r) throws SQLException {
      id = r.getLong(1);
      url = r.getString(2);
      referrer = r.getString(3);
      time = r.getLong(4);
    }

    @Override
    public void write(PreparedStatement s) throws SQLException {
      s.setLong(1, id);
      s.setString(2, url);
      s.setString(3, referrer);
      s.setLong(4, time);
    }
  }

  /** One row of Pageview: (url, views). */
  public static class PageviewRecord implements io.quern.mapred.lib.db.DBWritable, Writable {
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

    @Override
    public String toString() {
      return url + "=" + views;
    }
  }

  /** (url, 1) per access. */
  public static class ViewMapper extends Mapper<LongWritable, AccessRecord, Text, LongWritable> {
    private static final LongWritable ONE = new LongWritable(1);

    @Override
    protected void map(LongWritable row, AccessRecord access, Context context) throws IOException, InterruptedException {
      context.write(new Text(access.url), ONE);
    }
  }

  /** (url, views) rows. */
  public static class ViewReducer extends Reducer<Text, LongWritable, PageviewRecord, NullWritable> {
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

  static void createTables(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE Access (id BIGINT PRIMARY KEY, url VARCHAR(100) NOT NULL,"
          + " referrer VARCHAR(100), time BIGINT NOT NULL)");
      s.execute("CREATE TABLE Pageview (url VARCHAR(100) PRIMARY KEY, pageview BIGINT NOT NULL)");
    }
  }

  /** {@code rows} random accesses to some 40 URLs, ids shuffled so that the id order is not the insert order. */
  static void fill(Connection c, int rows, long seed) throws SQLException {
    Random r = new Random(seed);
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement("INSERT INTO Access VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < rows; i++) {
        s.setLong(1, (i * 7919L) % 1_000_003L);
        s.setString(2, "http://example.org/p" + r.nextInt(40));
        s.setString(3, r.nextBoolean() ? null : "http://example.org/p" + r.nextInt(40));
        s.setLong(4, r.nextInt(1_000_000));
        s.addBatch();
      }
      s.executeBatch();
    }
    c.commit();
    c.setAutoCommit(auto);
  }

  /** url -> count of the query's rows, grouped by plain SQL. */
  static Map<String, Long> counts(Connection c, String sql) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }
}
