package io.quern.mapreduce.local;

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

/** Collects the warnings one class logs while a test runs (with no log configuration, WARN is below the root's level). */
final class LogCapture extends AbstractAppender implements AutoCloseable {
  // Thread-safe (copy-on-write): appended to by the logging threads, read by the test.
  private final List<LogEvent> events = new CopyOnWriteArrayList<>();
  // Immutable references, set at construction.
  private final Logger logger;
  private final Level before;

  LogCapture(Class<?> source) {
    super("capture-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
    logger = (Logger) LogManager.getLogger(source);
    before = logger.getLevel();
    Configurator.setLevel(source.getName(), Level.WARN);
    start();
    logger.addAppender(this);
  }

  @Override
  public void append(LogEvent event) {
    events.add(event.toImmutable());
  }

  List<String> warnings() {
    return events.stream()
        .filter(e -> e.getLevel().isMoreSpecificThan(Level.WARN))
        .map(e -> e.getMessage().getFormattedMessage())
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    Configurator.setLevel(logger.getName(), before);
    stop();
  }
}
