package io.quern.protocol;

import io.quern.rpc.CallContext;
import java.rmi.Remote;
import java.rmi.RemoteException;

/** Answers with the caller identity the server sees, to test {@link CallContext}. */
public interface WhoAmI extends Remote {
  String whoAmI() throws RemoteException;

  /** Fails unless the caller holds the cluster secret. */
  String adminOnly() throws RemoteException;

  /** The implementation: reads the context on the RMI thread running the call. */
  final class Server implements WhoAmI {
    @Override
    public String whoAmI() {
      return CallContext.current().map(c -> c.kind() + (c.jobId() == null ? "" : " " + c.jobId() + " " + c.user())).orElse("local");
    }

    @Override
    public String adminOnly() throws RemoteException {
      CallContext.requireClusterMember();
      return "ok";
    }
  }
}
