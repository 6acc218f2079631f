package io.quern.daemon;

import io.quern.cluster.NodeAttributes;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/** The resources a worker or DataNode publishes in its znode, read with oshi. */
public final class ResourceProbe {
  private final CentralProcessor cpu;
  private final GlobalMemory memory;

  public ResourceProbe() {
    SystemInfo si = new SystemInfo();
    this.cpu = si.getHardware().getProcessor();
    this.memory = si.getHardware().getMemory();
  }

  /** cpus, load (1-minute average), memory total/available and the free space under {@code dirs}. */
  public Map<String, String> sample(List<File> dirs) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(NodeAttributes.CPUS, Integer.toString(cpu.getLogicalProcessorCount()));
    double[] load = cpu.getSystemLoadAverage(1);
    out.put(NodeAttributes.LOAD, load.length > 0 && load[0] >= 0 ? String.format("%.2f", load[0]) : "n/a");
    out.put(NodeAttributes.MEM_TOTAL, Long.toString(memory.getTotal()));
    out.put(NodeAttributes.MEM_AVAILABLE, Long.toString(memory.getAvailable()));
    long free = 0;
    long total = 0;
    for (File d : dirs) {
      File existing = d;
      while (existing != null && !existing.exists()) {
        existing = existing.getParentFile();
      }
      if (existing != null) {
        free += existing.getUsableSpace();
        total += existing.getTotalSpace();
      }
    }
    out.put(NodeAttributes.DISK_FREE, Long.toString(free));
    out.put(NodeAttributes.DISK_TOTAL, Long.toString(total));
    return out;
  }
}
