package io.quern.util;

/** Something that can tell the framework it is alive, so that a long step does not time the task out. */
@FunctionalInterface
public interface Progressable {
  void progress();
}
