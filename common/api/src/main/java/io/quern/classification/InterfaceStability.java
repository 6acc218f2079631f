package io.quern.classification;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * How much a class or member may change between releases, as Hadoop marks its API. The marks
 * document intent; nothing enforces them.
 */
public final class InterfaceStability {
  private InterfaceStability() {}

  /** Changes only at a major release. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Stable {}

  /** May change incompatibly at a minor release. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Evolving {}

  /** May change at any release. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Unstable {}
}
