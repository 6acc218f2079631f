package io.quern.fs;

import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.SafeModeException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Wraps the NameNode so that a change refused by the safe mode of a NameNode that just restarted
 * is tried again (every 200 ms, for up to the retry window): that safe mode ends by itself once
 * the DataNodes have reported, and a refused change had no effect, so trying again is safe. An
 * administrator's safe mode is reported at once.
 */
final class SafeModeWait {
  private static final Logger LOG = LogManager.getLogger(SafeModeWait.class);
  private static final long PAUSE_MS = 200;

  private SafeModeWait() {}

  static ClientNamenodeProtocol wrap(ClientNamenodeProtocol namenode, long windowMs) {
    long windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
    return (ClientNamenodeProtocol) Proxy.newProxyInstance(ClientNamenodeProtocol.class.getClassLoader(),
        new Class<?>[] {ClientNamenodeProtocol.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(namenode, args);
          }
          long deadline = System.nanoTime() + windowNanos;
          boolean waiting = false;
          try {
            while (true) {
              try {
                return method.invoke(namenode, args);
              } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof SafeModeException sm) || !sm.startingUp()
                    || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PAUSE_MS) > deadline) {
                  throw e.getCause();
                }
                if (!waiting) {
                  waiting = true;
                  NamenodeWaits.INSTANCE.waiting();
                }
                LOG.debug("{} waits for the NameNode to leave start-up safe mode", method.getName());
                Thread.sleep(PAUSE_MS);
              }
            }
          } finally {
            if (waiting) {
              NamenodeWaits.INSTANCE.resumed();
            }
          }
        });
  }
}
