package io.quern.http;

/** The anonymous web user may not see what the request names: answered 403. */
public class ForbiddenException extends RuntimeException {
  public ForbiddenException(String message) {
    super(message);
  }
}
