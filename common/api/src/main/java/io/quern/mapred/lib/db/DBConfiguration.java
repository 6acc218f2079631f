package io.quern.mapred.lib.db;

import io.quern.mapred.JobConf;

/**
 * The old API's database settings: the same keys ({@code mapreduce.jdbc.*}) and password
 * handling as {@link io.quern.mapreduce.lib.db.DBConfiguration}, taking a {@link JobConf}.
 */
public class DBConfiguration extends io.quern.mapreduce.lib.db.DBConfiguration {
  public DBConfiguration(JobConf job) {
    super(job);
  }

  public static void configureDB(JobConf job, String driverClass, String dbUrl, String userName, String passwd) {
    io.quern.mapreduce.lib.db.DBConfiguration.configureDB(job, driverClass, dbUrl, userName, passwd);
  }

  public static void configureDB(JobConf job, String driverClass, String dbUrl) {
    configureDB(job, driverClass, dbUrl, null, null);
  }
}
