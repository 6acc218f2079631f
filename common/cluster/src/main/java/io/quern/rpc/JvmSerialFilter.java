package io.quern.rpc;

import io.quern.conf.Configuration;
import java.io.ObjectInputFilter;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The JVM-wide serial filter ({@code jdk.serialFilter}): it judges every stream of the JVM that
 * sets no filter of its own, which is what a process reads as a client, from a daemon or from
 * anything that answers like one: the value or exception a call returns, the stub a registry
 * lookup returns. It is {@link SerialFilter}'s allow-list and bounds, plus what only answers
 * carry: exceptions of Quern and of the JDK packages a failing call throws from, and their stack
 * traces. A class an answer names outside the list is refused before it is instantiated, an
 * array before it is allocated; the call fails with an {@link java.rmi.UnmarshalException}
 * caused by an {@link java.io.InvalidClassException}, and RMI drops the connection.
 *
 * <p>A stream that sets its own filter keeps it (the JDK's filter factory lets a stream's filter
 * replace the JVM-wide one): the arguments our servers read stay under their stricter {@link
 * SerialFilter}, registries under {@link RegistryFilter}, distributed GC under the JDK's. A
 * filter factory that would add this filter to theirs can only be set before the JVM's first
 * {@code ObjectInputStream}, which a process reaching RPC late cannot promise.
 *
 * <p>{@link RpcClient#lookup} and {@link RpcServer} install it: a process holds no stub and reads
 * no remote byte before one of them has run. The bounds are those of the first configuration
 * that does (a process has one). A filter set by the user, with {@code -Djdk.serialFilter} or in
 * {@code java.security}, is left alone.
 */
final class JvmSerialFilter {
  /**
   * Where a call's exception may come from. Only subclasses of Throwable match, so these packages'
   * other classes stay out; javax.management, home of the BadAttributeValueExpException gadget, is
   * not among them.
   */
  static final List<String> THROWABLES = List.of("io.quern.**", "java.lang.*", "java.lang.reflect.*",
      "java.io.*", "java.net.*", "java.nio.*", "java.nio.channels.*", "java.nio.file.*", "java.rmi.*",
      "java.rmi.server.*", "java.util.*", "java.util.concurrent.*", "java.util.zip.*");
  /** Immutable. */
  static final List<String> ANSWERS = List.of("java.lang.StackTraceElement");

  private static final Logger LOG = LogManager.getLogger(JvmSerialFilter.class);
  private static boolean installed; // guarded by JvmSerialFilter.class

  private JvmSerialFilter() {}

  /** What this class installs, with {@code conf}'s bounds. */
  static SerialFilter of(Configuration conf) {
    return new SerialFilter(SerialFilter.Limits.fromConf(conf), ANSWERS, THROWABLES);
  }

  /** Sets the JVM-wide filter unless the user did; only the first call of the JVM does anything. */
  static synchronized void install(Configuration conf) {
    if (installed) {
      return;
    }
    SerialFilter mine = of(conf);
    installed = true;
    try {
      if (ObjectInputFilter.Config.getSerialFilter() == null) {
        ObjectInputFilter.Config.setSerialFilter(mine);
        LOG.debug("JVM-wide serial filter: {}", mine);
        return;
      }
    } catch (IllegalStateException setMeanwhile) {
      // by other code of this JVM, between the check and the set
    }
    LOG.info("Keeping the JVM-wide serial filter set for this JVM: {}", ObjectInputFilter.Config.getSerialFilter());
  }
}
