package io.quern.protocol.dfs;

import java.io.IOException;

/**
 * The caller may not do what it asked, e.g. {@code Permission denied: user=bob, access=WRITE,
 * inode=/data (owner=alice, group=supergroup, mode=drwxr-xr-x)}.
 */
public class AccessControlException extends IOException {
  public AccessControlException(String message) {
    super(message);
  }
}
