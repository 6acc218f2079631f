package io.quern.http;

/** What the request names does not exist (a job, a path, an attempt's log): answered 404. */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
