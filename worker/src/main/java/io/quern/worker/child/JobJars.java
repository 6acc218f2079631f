package io.quern.worker.child;

import io.quern.protocol.mapred.TaskLaunch;
import io.quern.worker.LocalDirs;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One class loader per job jar in this child, over the copy the worker keeps of the jar. */
final class JobJars {
  private static final Map<String, ClassLoader> LOADERS = new ConcurrentHashMap<>();

  private JobJars() {}

  static ClassLoader loaderFor(TaskLaunch launch, LocalDirs dirs) {
    ClassLoader system = ChildMain.class.getClassLoader();
    if (launch.jarPath() == null) {
      return system;
    }
    return LOADERS.computeIfAbsent(launch.jobId(), job -> {
      Path jar = dirs.jobJar(job, launch.jarPath());
      try {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, system);
      } catch (MalformedURLException e) {
        throw new IllegalStateException("job jar path " + jar + " is not a URL", e);
      }
    });
  }
}
