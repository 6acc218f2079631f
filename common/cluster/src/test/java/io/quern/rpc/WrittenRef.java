package io.quern.rpc;

import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.lang.reflect.Method;
import java.rmi.Remote;
import java.rmi.server.ObjID;
import java.rmi.server.Operation;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RemoteCall;
import java.rmi.server.RemoteObject;
import java.rmi.server.RemoteRef;

/**
 * A remote reference that only knows how to be written, in the form of the JDK's own {@code
 * UnicastRef2} (endpoint with its socket factory, object id, no acknowledgement asked): what a
 * server that is not an RMI runtime puts in a stub so that the client reads a real one.
 */
@SuppressWarnings("deprecation") // RemoteRef declares the JDK 1.1 stub methods
final class WrittenRef implements RemoteRef {
  private final String host;
  private final int port;
  private final ObjID id;
  private final RMIClientSocketFactory sockets;

  WrittenRef(String host, int port, ObjID id, RMIClientSocketFactory sockets) {
    this.host = host;
    this.port = port;
    this.id = id;
    this.sockets = sockets;
  }

  @Override
  public String getRefClass(ObjectOutput out) {
    return "UnicastRef2";
  }

  @Override
  public void writeExternal(ObjectOutput out) throws java.io.IOException {
    out.writeByte(1); // an endpoint with a client socket factory
    out.writeUTF(host);
    out.writeInt(port);
    out.writeObject(sockets);
    id.write(out);
    out.writeBoolean(false); // not in a result stream: the client sends no acknowledgement
  }

  @Override
  public void readExternal(ObjectInput in) {
    throw new UnsupportedOperationException("only written");
  }

  @Override
  public Object invoke(Remote obj, Method method, Object[] params, long opnum) {
    throw new UnsupportedOperationException("only written");
  }

  @Override
  public RemoteCall newCall(RemoteObject obj, Operation[] op, int opnum, long hash) {
    throw new UnsupportedOperationException("only written");
  }

  @Override
  public void invoke(RemoteCall call) {
    throw new UnsupportedOperationException("only written");
  }

  @Override
  public void done(RemoteCall call) {
    throw new UnsupportedOperationException("only written");
  }

  @Override
  public int remoteHashCode() {
    return id.hashCode();
  }

  @Override
  public boolean remoteEquals(RemoteRef other) {
    return other instanceof WrittenRef w && id.equals(w.id);
  }

  @Override
  public String remoteToString() {
    return "WrittenRef(" + host + ":" + port + ", " + id + ")";
  }
}
