package io.quern.net;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one class logs while a test runs. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final List<LogEvent> events = new CopyOnWriteArrayList<>();
  private final Logger logger;

  public LogCapture(Class<?> source) {
    super("capture-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
    logger = (Logger) LogManager.getLogger(source);
    start();
    logger.addAppender(this);
  }

  @Override
  public void append(LogEvent event) {
    events.add(event.toImmutable());
  }

  public List<String> warnings() {
    return events.stream()
        .filter(e -> e.getLevel().isMoreSpecificThan(Level.WARN))
        .map(e -> e.getMessage().getFormattedMessage())
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    stop();
  }
}
