package io.quern.net;

import io.quern.conf.Configuration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Maps hosts through a table file ({@code net.topology.table.file.name}) of {@code host rack}
 * lines; {@code #} starts a comment and blank lines are ignored. The file is read once, when
 * the mapping is built. A malformed line is skipped with a warning naming file and line; an
 * unreadable file is one warning and every host goes to {@link NetworkTopology#DEFAULT_RACK}.
 */
public final class TableMapping implements DNSToSwitchMapping {
  public static final String TABLE_KEY = "net.topology.table.file.name";

  private static final Logger LOG = LogManager.getLogger(TableMapping.class);

  /** Immutable after the constructor read the table. */
  private final Map<String, String> racks;

  public TableMapping(Path table) {
    this.racks = Map.copyOf(read(table));
  }

  /** The mapping configured by {@value #TABLE_KEY}; that key must be set. */
  public static TableMapping fromConf(Configuration conf) {
    String table = conf.getTrimmed(TABLE_KEY);
    if (table == null) {
      throw conf.bad(TABLE_KEY, "", "the path of a topology table file");
    }
    return new TableMapping(Path.of(table));
  }

  @Override
  public List<String> resolve(List<String> hosts) {
    List<String> out = new ArrayList<>(hosts.size());
    for (String host : hosts) {
      out.add(racks.getOrDefault(host, NetworkTopology.DEFAULT_RACK));
    }
    return out;
  }

  private static Map<String, String> read(Path table) {
    List<String> lines;
    try {
      lines = Files.readAllLines(table, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("Cannot read topology table {} ({}); every host goes to {}", table, e.toString(),
          NetworkTopology.DEFAULT_RACK);
      return Map.of();
    }
    return parse(lines, table);
  }

  /** The host-to-rack map of a table's lines; malformed lines are skipped with a warning. */
  static Map<String, String> parse(List<String> lines, Object table) {
    Map<String, String> racks = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = stripComment(lines.get(i)).trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split("\\s+");
      String rack = fields.length == 2 ? NetworkTopology.normalize(fields[1]) : null;
      if (rack == null) {
        LOG.warn("Skipping malformed line {} of topology table {}: expected 'host /rack', got '{}'",
            i + 1, table, line);
        continue;
      }
      racks.put(fields[0], rack);
    }
    return racks;
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return hash < 0 ? line : line.substring(0, hash);
  }

  @Override
  public String toString() {
    return "TableMapping(" + racks.size() + " hosts)";
  }
}
