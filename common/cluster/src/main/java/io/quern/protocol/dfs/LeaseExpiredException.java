package io.quern.protocol.dfs;

import java.io.IOException;

/** A write by a client that does not hold the file's lease (expired, or never had it). */
public class LeaseExpiredException extends IOException {
  public LeaseExpiredException(String message) {
    super(message);
  }
}
