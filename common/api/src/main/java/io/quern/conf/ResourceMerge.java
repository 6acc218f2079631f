package io.quern.conf;

import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * How the properties of one more resource join those a {@link Configuration} holds: a later
 * file overrides an earlier value unless that one is final (a different value is then kept
 * out, with a warning), and a key no {@code *-default.xml} declares draws a warning naming the
 * nearest known key, so that a typo in a site file does not pass in silence. It is separate
 * because these precedence and warning rules are Hadoop's loading semantics, apart from how
 * values are read back; it holds no state.
 */
final class ResourceMerge {
  private static final Logger LOG = LogManager.getLogger(ResourceMerge.class);

  private ResourceMerge() {}

  /** Puts {@code read}, from {@code source}, into {@code props} under the rules above. */
  static void merge(Map<String, Configuration.Property> props, List<Configuration.Property> read, String source) {
    merge(props, read, source, true);
  }

  /**
   * Puts {@code read} into {@code props} under the finality rule alone: for properties a program
   * copied from a configuration (its binary form), whose files drew their warnings where they
   * were read. The search for the nearest known key also costs milliseconds per unknown key in
   * a young JVM, and a job's configuration, read in every task JVM, holds dozens.
   */
  static void mergeCopy(Map<String, Configuration.Property> props, List<Configuration.Property> read, String source) {
    merge(props, read, source, false);
  }

  private static void merge(Map<String, Configuration.Property> props, List<Configuration.Property> read,
      String source, boolean warnUnknown) {
    for (Configuration.Property p : read) {
      Configuration.Property old = props.get(p.name());
      if (old != null && old.isFinal()) {
        if (!old.value().equals(p.value())) {
          LOG.warn("{} tries to override final property {} (set in {}); keeping '{}'",
              source, p.name(), old.source(), old.value());
        }
        continue;
      }
      if (warnUnknown && old == null && !Defaults.properties().isEmpty() && !Defaults.isKnown(p.name())) {
        warnUnknown(p);
      }
      props.put(p.name(), p);
    }
  }

  private static void warnUnknown(Configuration.Property p) {
    String nearest = Defaults.nearestKnown(p.name());
    if (nearest != null) {
      LOG.warn("Unknown configuration key {} in {}; did you mean {}?", p.name(), p.source(), nearest);
    } else if (p.name().startsWith("quern.") || p.name().startsWith("dfs.") || p.name().startsWith("mapred.")) {
      LOG.warn("Unknown configuration key {} in {}", p.name(), p.source());
    }
  }
}
