package io.quern.worker;

import io.quern.conf.Configuration;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The GPUs a worker offers to tasks, by the ids CUDA_VISIBLE_DEVICES takes: {@value
 * #GPU_IDS_KEY} when set, else ids 0 to {@value #GPUS_KEY} - 1, else those {@code nvidia-smi
 * -L} lists when it is on the worker's PATH, else none. The worker publishes them; the master
 * hands each to one running attempt at a time.
 */
final class WorkerGpus {
  static final String GPUS_KEY = "mapred.worker.gpus";
  static final String GPU_IDS_KEY = "mapred.worker.gpu.ids";
  private static final Logger LOG = LogManager.getLogger(WorkerGpus.class);
  /** "GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-...)", one line per device. */
  private static final Pattern LISTED = Pattern.compile("^GPU (\\d+):");
  private static final long LIST_TIMEOUT_SECONDS = 20;

  private WorkerGpus() {}

  /** The worker's GPU ids; {@code path} is where to look for nvidia-smi (the worker's PATH). */
  static List<String> of(Configuration conf, String path) {
    String ids = trimmed(conf, GPU_IDS_KEY);
    String count = trimmed(conf, GPUS_KEY);
    if (!ids.isEmpty()) {
      List<String> out = parseIds(conf, ids);
      if (!count.isEmpty() && conf.getInt(GPUS_KEY, 0) != out.size()) {
        throw conf.bad(GPUS_KEY, count, "the number of ids " + GPU_IDS_KEY + " lists (" + out.size()
            + "), or nothing");
      }
      return out;
    }
    if (!count.isEmpty()) {
      int n = conf.getInt(GPUS_KEY, 0);
      if (n < 0) {
        throw conf.bad(GPUS_KEY, count, "a number of GPUs >= 0");
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(Integer.toString(i));
      }
      return out;
    }
    return detect(path);
  }

  private static String trimmed(Configuration conf, String key) {
    String v = conf.getTrimmed(key);
    return v == null ? "" : v;
  }

  private static List<String> parseIds(Configuration conf, String ids) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String id : ids.split(",")) {
      String t = id.trim();
      // A comma inside an id would split CUDA_VISIBLE_DEVICES; spaces and '=' would garble the znode line.
      if (t.isEmpty() || !t.matches("[A-Za-z0-9_:.-]+") || !out.add(t)) {
        throw conf.bad(GPU_IDS_KEY, ids, "distinct GPU ids (digits, or GPU-UUIDs) separated by commas");
      }
    }
    return List.copyOf(out);
  }

  /** The GPUs {@code nvidia-smi -L} lists, when it is on {@code path}; none otherwise or when it fails. */
  static List<String> detect(String path) {
    Path smi = onPath(path, "nvidia-smi");
    if (smi == null) {
      return List.of();
    }
    try {
      Process p = new ProcessBuilder(smi.toString(), "-L").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(LIST_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("{} -L did not answer in {} s; offering no GPUs", smi, LIST_TIMEOUT_SECONDS);
        return List.of();
      }
      if (p.exitValue() != 0) {
        LOG.warn("{} -L exited with status {} ({}); offering no GPUs", smi, p.exitValue(), out.strip());
        return List.of();
      }
      List<String> ids = new ArrayList<>();
      for (String line : out.split("\n")) {
        Matcher m = LISTED.matcher(line.strip());
        if (m.find()) {
          ids.add(m.group(1));
        }
      }
      LOG.info("{} lists {} GPU(s)", smi, ids.size());
      return List.copyOf(ids);
    } catch (IOException e) {
      LOG.warn("cannot run {}: {}; offering no GPUs", smi, e.getMessage());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private static Path onPath(String path, String program) {
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, program);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }
}
