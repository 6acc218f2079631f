package io.quern.conf;

/** A configuration file or value that cannot be used; the message names the file, key and value. */
public class ConfigurationException extends RuntimeException {
  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
