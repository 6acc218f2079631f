package io.quern.protocol;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** A tiny protocol for the RPC plumbing's own tests. */
public interface Pingable extends Remote {
  /** The name of the server that answers. */
  String ping() throws RemoteException;

  /** Describes the envelope's payload, or refuses an envelope labelled "refuse". */
  String echo(Envelope envelope) throws RemoteException, PingRefusedException;

  /** Pings {@code other} from the server, which proves a stub can travel as an argument. */
  String relay(Pingable other) throws RemoteException;

  /** Answers after {@code millis}. */
  String slowPing(long millis) throws RemoteException;
}
