package io.quern.net;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs the topology script ({@code net.topology.script.file.name}) with up to
 * {@code net.topology.script.number.args} hosts per run; the script prints one rack path per
 * host, separated by newlines or other whitespace.
 *
 * <p>A run that cannot start, exits non-zero, outlives {@code net.topology.script.timeout}
 * (it is killed) or prints the wrong number of racks or something that is not a rack path
 * maps all of its hosts to {@link NetworkTopology#DEFAULT_RACK} and logs one warning.
 * Not cached: wrap it in {@link CachedDNSToSwitchMapping}.
 */
public final class ScriptBasedMapping implements DNSToSwitchMapping {
  public static final String SCRIPT_KEY = "net.topology.script.file.name";
  public static final String MAX_ARGS_KEY = CoreKeys.NET_TOPOLOGY_SCRIPT_NUMBER_ARGS.name();
  public static final String TIMEOUT_KEY = CoreKeys.NET_TOPOLOGY_SCRIPT_TIMEOUT.name();

  private static final Logger LOG = LogManager.getLogger(ScriptBasedMapping.class);

  private final String script;
  private final int maxArgs;
  private final long timeoutMs;

  public ScriptBasedMapping(String script, int maxArgs, long timeoutMs) {
    if (script == null || script.isBlank()) {
      throw new IllegalArgumentException("topology script must not be empty");
    }
    if (maxArgs < 1 || timeoutMs < 1) {
      throw new IllegalArgumentException("maxArgs and timeoutMs must be positive");
    }
    this.script = script.trim();
    this.maxArgs = maxArgs;
    this.timeoutMs = timeoutMs;
  }

  /** The mapping configured by {@value #SCRIPT_KEY}; that key must be set. */
  public static ScriptBasedMapping fromConf(Configuration conf) {
    String script = conf.getTrimmed(SCRIPT_KEY);
    if (script == null) {
      throw conf.bad(SCRIPT_KEY, "", "the path of an executable");
    }
    int maxArgs = CoreKeys.NET_TOPOLOGY_SCRIPT_NUMBER_ARGS.getInt(conf);
    if (maxArgs < 1) {
      throw conf.bad(MAX_ARGS_KEY, String.valueOf(maxArgs), "a positive number of hosts");
    }
    long timeoutMs = CoreKeys.NET_TOPOLOGY_SCRIPT_TIMEOUT.millis(conf);
    if (timeoutMs < 1) {
      throw conf.bad(TIMEOUT_KEY, conf.get(TIMEOUT_KEY), "a positive duration");
    }
    return new ScriptBasedMapping(script, maxArgs, timeoutMs);
  }

  @Override
  public List<String> resolve(List<String> hosts) {
    List<String> racks = new ArrayList<>(hosts.size());
    for (int from = 0; from < hosts.size(); from += maxArgs) {
      racks.addAll(resolveBatch(hosts.subList(from, Math.min(hosts.size(), from + maxArgs))));
    }
    return racks;
  }

  private List<String> resolveBatch(List<String> batch) {
    try {
      return racksFrom(run(batch), batch);
    } catch (ScriptFailure e) {
      return fallback(batch, e.getMessage());
    }
  }

  /** The racks a script's output gives {@code batch}, or all default racks for bad output. */
  List<String> parseOutput(String output, List<String> batch) {
    String text = output.trim();
    return resolveTokens(text.isEmpty() ? List.of() : List.of(text.split("\\s+")), batch);
  }

  private List<String> resolveTokens(List<String> tokens, List<String> batch) {
    try {
      return racksFrom(tokens, batch);
    } catch (ScriptFailure e) {
      return fallback(batch, e.getMessage());
    }
  }

  private static List<String> racksFrom(List<String> tokens, List<String> batch) throws ScriptFailure {
    {
      if (tokens.size() != batch.size()) {
        throw new ScriptFailure("printed " + tokens.size() + " racks for " + batch.size() + " hosts");
      }
      List<String> racks = new ArrayList<>(tokens.size());
      for (String token : tokens) {
        String rack = NetworkTopology.normalize(token);
        if (rack == null) {
          throw new ScriptFailure("printed '" + token + "', which is not a rack path starting with /");
        }
        racks.add(rack);
      }
      return racks;
    }
  }

  /**
   * Runs the script on one batch and returns its whitespace-separated output. Output goes to
   * files rather than pipes so that a script which hangs, or leaves a child holding the pipe
   * open, cannot block us past the timeout.
   */
  private List<String> run(List<String> batch) throws ScriptFailure {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("quern-topology", ".out");
      err = Files.createTempFile("quern-topology", ".err");
      List<String> command = new ArrayList<>(batch.size() + 1);
      command.add(script);
      command.addAll(batch);
      Process process = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      process.getOutputStream().close(); // a script that reads stdin sees end of input
      if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new ScriptFailure("ran longer than " + timeoutMs + " ms and was killed");
      }
      if (process.exitValue() != 0) {
        throw new ScriptFailure("exited with status " + process.exitValue() + firstLineOf(err));
      }
      String text = Files.readString(out, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    } catch (IOException e) {
      throw new ScriptFailure("could not be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScriptFailure("was interrupted");
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private List<String> fallback(List<String> batch, String reason) {
    LOG.warn("Topology script {} {}; mapping {} host(s) {} to {}", script, reason, batch.size(),
        batch, NetworkTopology.DEFAULT_RACK);
    return Collections.nCopies(batch.size(), NetworkTopology.DEFAULT_RACK);
  }

  private static String firstLineOf(Path err) {
    try {
      String text = Files.readString(err, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "" : " (" + text.lines().findFirst().orElse("") + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stray temp file is not worth a warning
      }
    }
  }

  @Override
  public String toString() {
    return "ScriptBasedMapping(" + script + ")";
  }

  /** Why one run of the script cannot be used; its message completes "Topology script X ...". */
  private static final class ScriptFailure extends Exception {
    ScriptFailure(String message) {
      super(message);
    }
  }
}
