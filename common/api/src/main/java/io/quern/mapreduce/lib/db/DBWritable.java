package io.quern.mapreduce.lib.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A record that moves between a job and a relational table: {@link DBInputFormat} fills one
 * from each row it reads, {@link DBOutputFormat} binds one to the parameters of its INSERT.
 * Column order is the order of the field names given to {@code setInput} / {@code setOutput}.
 */
public interface DBWritable {
  /** Binds this record's fields to the statement's parameters, 1 first. */
  void write(PreparedStatement statement) throws SQLException;

  /** Reads this record's fields from the current row of {@code resultSet}, column 1 first. */
  void readFields(ResultSet resultSet) throws SQLException;
}
