package io.quern.mapreduce.lib.db;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import io.quern.mapreduce.MapredKeys;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The database settings of a job that reads or writes a table through JDBC ({@code
 * mapreduce.jdbc.*}, as in Hadoop), and the connections made from them.
 *
 * <p>The password is a secret: {@link #configureDB(Configuration, String, String, String,
 * String)} keeps it in the job's {@link io.quern.security.Credentials}, which travel beside
 * the job's XML to its tasks and show on no page; one set straight under {@link
 * #PASSWORD_PROPERTY} is moved there when the job's formats check it at submission.
 */
public class DBConfiguration {
  public static final String DRIVER_CLASS_PROPERTY = "mapreduce.jdbc.driver.class";
  public static final String URL_PROPERTY = "mapreduce.jdbc.url";
  public static final String USERNAME_PROPERTY = "mapreduce.jdbc.username";
  public static final String PASSWORD_PROPERTY = "mapreduce.jdbc.password";
  public static final String INPUT_TABLE_NAME_PROPERTY = "mapreduce.jdbc.input.table.name";
  public static final String INPUT_FIELD_NAMES_PROPERTY = "mapreduce.jdbc.input.field.names";
  public static final String INPUT_CONDITIONS_PROPERTY = "mapreduce.jdbc.input.conditions";
  public static final String INPUT_ORDER_BY_PROPERTY = "mapreduce.jdbc.input.orderby";
  public static final String INPUT_QUERY = "mapreduce.jdbc.input.query";
  public static final String INPUT_COUNT_QUERY = "mapreduce.jdbc.input.count.query";
  public static final String INPUT_CLASS_PROPERTY = "mapreduce.jdbc.input.class";
  public static final String OUTPUT_TABLE_NAME_PROPERTY = "mapreduce.jdbc.output.table.name";
  public static final String OUTPUT_FIELD_NAMES_PROPERTY = "mapreduce.jdbc.output.field.names";
  public static final String OUTPUT_FIELD_COUNT_PROPERTY = "mapreduce.jdbc.output.field.count";

  /**
   * The alias of the password among the job's secret keys. Immutable in use: never written into
   * (Credentials copies the aliases it keeps).
   */
  static final Text PASSWORD_ALIAS = new Text(PASSWORD_PROPERTY);

  /** Confined to the thread configuring the job; a task only reads it. */
  private final Configuration conf;

  public DBConfiguration(Configuration conf) {
    this.conf = conf;
  }

  /** Names the driver class, the URL, and the user and password (either may be null). */
  public static void configureDB(Configuration conf, String driverClass, String dbUrl, String userName,
      String passwd) {
    conf.set(DRIVER_CLASS_PROPERTY, driverClass);
    conf.set(URL_PROPERTY, dbUrl);
    if (userName != null) {
      conf.set(USERNAME_PROPERTY, userName);
    }
    if (passwd != null) {
      conf.getCredentials().addSecretKey(PASSWORD_ALIAS, passwd.getBytes(StandardCharsets.UTF_8));
      conf.unset(PASSWORD_PROPERTY);
    }
  }

  /** Names the driver class and the URL; the database needs no user or password. */
  public static void configureDB(Configuration conf, String driverClass, String dbUrl) {
    configureDB(conf, driverClass, dbUrl, null, null);
  }

  /**
   * Moves a password set as a plain property into the job's credentials, so that the job's
   * XML never holds it. The formats call this when a job is set up ({@code setInput},
   * {@code setOutput}) and on the client before the XML is written (checking the output,
   * computing the splits).
   */
  public static void keepPasswordSecret(Configuration conf) {
    String plain = conf.get(PASSWORD_PROPERTY);
    if (plain != null && !plain.isEmpty()) {
      conf.getCredentials().addSecretKey(PASSWORD_ALIAS, plain.getBytes(StandardCharsets.UTF_8));
      conf.unset(PASSWORD_PROPERTY);
    }
  }

  /**
   * A new connection, through the driver the job's class loader finds (see {@link JdbcDrivers}).
   *
   * @throws ClassNotFoundException when the driver class is on no class path of the job
   * @throws SQLException when the database cannot be reached or refuses the user; its message is one sentence naming the URL
   */
  public Connection getConnection() throws ClassNotFoundException, SQLException {
    return JdbcDrivers.connect(trimmed(DRIVER_CLASS_PROPERTY), trimmed(URL_PROPERTY), trimmed(USERNAME_PROPERTY),
        password(), conf.getClassLoader());
  }

  /** The password from the job's credentials, else from the plain property; null when none. */
  private String password() {
    byte[] secret = conf.getCredentials().getSecretKey(PASSWORD_ALIAS);
    if (secret != null) {
      return new String(secret, StandardCharsets.UTF_8);
    }
    String plain = conf.get(PASSWORD_PROPERTY);
    return plain == null || plain.isEmpty() ? null : plain;
  }

  public Configuration getConf() {
    return conf;
  }

  private String trimmed(String key) {
    return conf.getTrimmed(key);
  }

  public String getInputTableName() {
    return trimmed(INPUT_TABLE_NAME_PROPERTY);
  }

  public void setInputTableName(String tableName) {
    conf.set(INPUT_TABLE_NAME_PROPERTY, tableName);
  }

  /** The input columns, in the order {@link DBWritable#readFields} reads them; null when unset. */
  public String[] getInputFieldNames() {
    return trimmed(INPUT_FIELD_NAMES_PROPERTY) == null ? null : conf.getTrimmedStrings(INPUT_FIELD_NAMES_PROPERTY);
  }

  public void setInputFieldNames(String... fieldNames) {
    conf.setStrings(INPUT_FIELD_NAMES_PROPERTY, fieldNames);
  }

  public String getInputConditions() {
    return trimmed(INPUT_CONDITIONS_PROPERTY);
  }

  public void setInputConditions(String conditions) {
    if (conditions != null && !conditions.isBlank()) {
      conf.set(INPUT_CONDITIONS_PROPERTY, conditions);
    }
  }

  public String getInputOrderBy() {
    return trimmed(INPUT_ORDER_BY_PROPERTY);
  }

  public void setInputOrderBy(String orderby) {
    if (orderby != null && !orderby.isBlank()) {
      conf.set(INPUT_ORDER_BY_PROPERTY, orderby);
    }
  }

  public String getInputQuery() {
    return trimmed(INPUT_QUERY);
  }

  public void setInputQuery(String query) {
    if (query != null && !query.isBlank()) {
      conf.set(INPUT_QUERY, query);
    }
  }

  public String getInputCountQuery() {
    return trimmed(INPUT_COUNT_QUERY);
  }

  public void setInputCountQuery(String query) {
    if (query != null && !query.isBlank()) {
      conf.set(INPUT_COUNT_QUERY, query);
    }
  }

  /** The class each row is read into; {@link DBInputFormat.NullDBWritable} when unset. */
  public Class<?> getInputClass() {
    return conf.getClass(INPUT_CLASS_PROPERTY, DBInputFormat.NullDBWritable.class);
  }

  public void setInputClass(Class<? extends DBWritable> inputClass) {
    conf.setClass(INPUT_CLASS_PROPERTY, inputClass, DBWritable.class);
  }

  public String getOutputTableName() {
    return trimmed(OUTPUT_TABLE_NAME_PROPERTY);
  }

  public void setOutputTableName(String tableName) {
    conf.set(OUTPUT_TABLE_NAME_PROPERTY, tableName);
  }

  /** The output columns, in the order {@link DBWritable#write} binds them; null when unset. */
  public String[] getOutputFieldNames() {
    return trimmed(OUTPUT_FIELD_NAMES_PROPERTY) == null ? null : conf.getTrimmedStrings(OUTPUT_FIELD_NAMES_PROPERTY);
  }

  public void setOutputFieldNames(String... fieldNames) {
    conf.setStrings(OUTPUT_FIELD_NAMES_PROPERTY, fieldNames);
  }

  public void setOutputFieldCount(int fieldCount) {
    conf.setInt(OUTPUT_FIELD_COUNT_PROPERTY, fieldCount);
  }

  public int getOutputFieldCount() {
    return MapredKeys.JDBC_OUTPUT_FIELD_COUNT.getInt(conf);
  }
}
