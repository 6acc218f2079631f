package io.quern.classification;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * Who a class or member is meant for, as Hadoop marks its API: {@link Public} for any program,
 * {@link LimitedPrivate} for the named projects, {@link Private} for the code beside it. The
 * marks document intent; nothing enforces them.
 */
public final class InterfaceAudience {
  private InterfaceAudience() {}

  /** For any program. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Public {}

  /** For the projects named in {@link #value()} only. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  public @interface LimitedPrivate {
    String[] value();
  }

  /** For the code of its own project or package only. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Private {}
}
