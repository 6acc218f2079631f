package io.quern.security;

import java.io.IOException;

/** A connection's handshake failed: wrong or missing credentials, or not a Quern peer. */
public class AuthenticationException extends IOException {
  public AuthenticationException(String message) {
    super(message);
  }
}
