package io.quern.worker.child;

import io.quern.protocol.mapred.TaskLaunch;
import io.quern.worker.LocalDirs;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One class loader per job in this child, over the copy the worker keeps of the job jar and the
 * job's class path entries ({@code -libjars}, {@code Job.addFileToClassPath}) fetched into the
 * job's directory: a job's classes and the libraries they use load through the same loader.
 */
final class JobJars {
  private static final Map<String, ClassLoader> LOADERS = new ConcurrentHashMap<>();

  private JobJars() {}

  static ClassLoader loaderFor(TaskLaunch launch, LocalDirs dirs, List<Path> classPath) {
    ClassLoader system = ChildMain.class.getClassLoader();
    if (launch.jarPath() == null && classPath.isEmpty()) {
      return system;
    }
    return LOADERS.computeIfAbsent(launch.jobId(), job -> {
      List<URL> urls = new ArrayList<>();
      try {
        if (launch.jarPath() != null) {
          urls.add(dirs.jobJar(job, launch.jarPath()).toUri().toURL());
        }
        for (Path p : classPath) {
          urls.add(p.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException("a class path entry of " + job + " is not a URL: " + e.getMessage(), e);
      }
      return new URLClassLoader(urls.toArray(new URL[0]), system);
    });
  }
}
