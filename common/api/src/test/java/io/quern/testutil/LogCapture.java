package io.quern.testutil;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what one class logs while a test runs. Its warnings reach the capture even where no
 * log configuration enables them (the default root level is ERROR); the class's level is put
 * back on close.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  /** Thread-safe (copy-on-write): appended to by the logging threads, read by the test. */
  private final List<LogEvent> events = new CopyOnWriteArrayList<>();
  /** Immutable references, set at construction. */
  private final Logger logger;
  private final Level before;

  public LogCapture(Class<?> source) {
    super("capture-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
    logger = (Logger) LogManager.getLogger(source);
    before = logger.getLevel();
    if (!logger.isEnabled(Level.WARN)) {
      Configurator.setLevel(source.getName(), Level.WARN);
    }
    start();
    logger.addAppender(this);
  }

  @Override
  public void append(LogEvent event) {
    events.add(event.toImmutable());
  }

  /** The messages logged at WARN or above, in order. */
  public List<String> warnings() {
    return events.stream()
        .filter(e -> e.getLevel().isMoreSpecificThan(Level.WARN))
        .map(e -> e.getMessage().getFormattedMessage())
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    if (logger.getLevel() != before) {
      Configurator.setLevel(logger.getName(), before);
    }
    stop();
  }
}
