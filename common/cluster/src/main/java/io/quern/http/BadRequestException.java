package io.quern.http;

/** A request a page cannot answer as asked: answered 400 with this one sentence. */
public class BadRequestException extends RuntimeException {
  public BadRequestException(String message) {
    super(message);
  }
}
