package io.quern.mapreduce.lib.db;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections with a driver loaded by the job's class loader. In a task the driver
 * comes from the job jar or a {@code -libjars} jar, which only the job's loader sees;
 * {@link java.sql.DriverManager} refuses drivers its caller's loader cannot see (Quern's own
 * classes are loaded before the job's), so the driver is instantiated here and asked directly.
 */
final class JdbcDrivers {
  private JdbcDrivers() {}

  static Connection connect(String driverClass, String url, String user, String password, ClassLoader loader)
      throws ClassNotFoundException, SQLException {
    if (driverClass == null) {
      throw new SQLException("no JDBC driver class is set (" + DBConfiguration.DRIVER_CLASS_PROPERTY
          + "; DBConfiguration.configureDB sets it)");
    }
    if (url == null) {
      throw new SQLException("no JDBC URL is set (" + DBConfiguration.URL_PROPERTY
          + "; DBConfiguration.configureDB sets it)");
    }
    Driver driver = driver(driverClass, loader);
    Properties info = new Properties();
    if (user != null) {
      info.setProperty("user", user);
    }
    if (password != null) {
      info.setProperty("password", password);
    }
    Connection c;
    try {
      c = driver.connect(url, info);
    } catch (SQLException e) {
      throw new SQLException("cannot connect to " + url + " with JDBC driver " + driverClass + ": "
          + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
    }
    if (c == null) {
      // Driver.connect answers null for a URL of another driver's kind.
      throw new SQLException("JDBC driver " + driverClass + " does not accept the URL " + url);
    }
    return c;
  }

  private static Driver driver(String driverClass, ClassLoader loader) throws ClassNotFoundException, SQLException {
    Class<?> cls;
    try {
      cls = Class.forName(driverClass, true, loader);
    } catch (ClassNotFoundException e) {
      throw new ClassNotFoundException("JDBC driver class " + driverClass
          + " is not on the job's class path (ship its jar in the job jar or with -libjars)", e);
    }
    if (!Driver.class.isAssignableFrom(cls)) {
      throw new SQLException("JDBC driver class " + driverClass + " does not implement java.sql.Driver");
    }
    try {
      return (Driver) cls.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new SQLException("cannot instantiate JDBC driver class " + driverClass + ": " + e, e);
    }
  }
}
