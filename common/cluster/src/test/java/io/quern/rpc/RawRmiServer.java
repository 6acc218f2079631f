package io.quern.rpc;

import io.quern.net.HostPort;
import io.quern.security.ClusterCredentials;
import io.quern.security.Handshake;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.Remote;
import java.rmi.dgc.Lease;
import java.rmi.server.ObjID;
import java.rmi.server.RemoteObjectInvocationHandler;
import java.rmi.server.UID;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The server side of JRMP, by hand and behind our handshake, so that a test can answer a real
 * Quern client with any bytes: a registry whose lookups return a stub of this server's one
 * object, and that object, answering calls of {@code iface} as scripted. Distributed GC gets its
 * leases and pings their acks, so that the client's RMI runtime sees a working endpoint.
 */
final class RawRmiServer implements Closeable {
  private static final ObjID REGISTRY = new ObjID(ObjID.REGISTRY_ID);
  private static final ObjID DGC = new ObjID(ObjID.DGC_ID);
  /** A registry lookup, as the JDK's registry stub calls it, and as a proxy does. */
  private static final int LOOKUP = 2;
  private static final long LOOKUP_HASH = lookupHash();
  private static final int DGC_CLEAN = 0;
  private static final int DGC_DIRTY = 1;
  /** Enough to write an object nested ten thousand deep. */
  private static final long STACK_BYTES = 512L << 20;

  /** One call's answer: a value returned or thrown, serialized as RMI would, then forged if asked. */
  record Answer(boolean thrown, Object value, boolean hasValue, UnaryOperator<byte[]> forge) {
    static final Answer VOID = new Answer(false, null, false, null);

    static Answer returning(Object value) {
      return new Answer(false, value, true, null);
    }

    static Answer throwing(Throwable t) {
      return new Answer(true, t, true, null);
    }

    /** The same answer with its bytes rewritten; the connection is closed after it. */
    Answer forged(UnaryOperator<byte[]> rewrite) {
      return new Answer(thrown, value, hasValue, rewrite);
    }

    byte[] bytes() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new RawRmiClient.AnnotatingOutput(b)) {
        o.writeByte(thrown ? 2 : 1);
        new UID().write(o);
        if (hasValue) {
          o.writeObject(value);
        }
      }
      return forge == null ? b.toByteArray() : forge.apply(b.toByteArray());
    }
  }

  private final ServerSocket listener;
  private final ClusterCredentials credentials;
  private final Class<? extends Remote> iface;
  private final Map<Long, Method> methods = new HashMap<>();
  private final Supplier<Answer> ordinary;
  private final ObjID object = new ObjID();
  private final Queue<Answer> lookups = new ConcurrentLinkedQueue<>();
  private final Queue<Answer> calls = new ConcurrentLinkedQueue<>();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  /** Listens on {@code host}; calls get {@code ordinary} unless a test scripted another answer. */
  RawRmiServer(String host, ClusterCredentials credentials, Class<? extends Remote> iface,
      Supplier<Answer> ordinary) throws Exception {
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
    this.credentials = credentials;
    this.iface = iface;
    this.ordinary = ordinary;
    for (Method m : iface.getMethods()) {
      methods.put(RawRmiClient.methodHash(m), m);
    }
    acceptor = new Thread(this::acceptAll, "raw-rmi-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static long lookupHash() {
    try {
      return RawRmiClient.methodHash(java.rmi.registry.Registry.class.getMethod("lookup", String.class));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  HostPort endpoint() {
    return new HostPort(listener.getInetAddress().getHostAddress(), listener.getLocalPort());
  }

  /** The next registry lookup gets {@code answer} instead of the stub. */
  void answerNextLookup(Answer answer) {
    lookups.add(answer);
  }

  /** The next call of the object gets {@code answer}. */
  void answerNextCall(Answer answer) {
    calls.add(answer);
  }

  private void acceptAll() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        connections.add(s);
        Thread t = new Thread(null, () -> serve(s), "raw-rmi-connection", STACK_BYTES);
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      Handshake.Session session = Handshake.server(s, s.getInputStream(), s.getOutputStream(), credentials, false, 5_000);
      DataInputStream in = new DataInputStream(new BufferedInputStream(session.input(s.getInputStream())));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(session.output(s.getOutputStream())));
      if (in.readInt() != 0x4a524d49 || in.readShort() != 2 || in.readByte() != 0x4b) {
        return; // not JRMP's stream protocol
      }
      out.writeByte(0x4e);
      out.writeUTF(s.getInetAddress().getHostAddress());
      out.writeInt(s.getPort());
      out.flush();
      in.readUTF();
      in.readInt();
      while (true) {
        switch (in.read()) {
          case 0x50 -> {
            Answer answer = call(new RawRmiClient.AnnotatedInput(in));
            if (answer == null) {
              return;
            }
            out.writeByte(0x51);
            out.write(answer.bytes());
            out.flush();
            if (answer.forge() != null) {
              return; // what follows a forged answer is garbage to the client
            }
          }
          case 0x52 -> {
            out.writeByte(0x53);
            out.flush();
          }
          case 0x54 -> UID.read(in);
          default -> {
            return;
          }
        }
      }
    } catch (Exception e) {
      // the client hung up, or refused the handshake
    } finally {
      connections.remove(s);
    }
  }

  /** Reads one call to the end of its arguments; null for a call this server does not know. */
  private Answer call(ObjectInputStream in) throws Exception {
    ObjID target = ObjID.read(in);
    int op = in.readInt();
    long hash = in.readLong();
    if (target.equals(REGISTRY) && (op == LOOKUP || (op == -1 && hash == LOOKUP_HASH))) {
      in.readObject();
      Answer scripted = lookups.poll();
      return scripted != null ? scripted : Answer.returning(stub());
    }
    if (target.equals(DGC) && op == DGC_DIRTY) {
      in.readObject();
      in.readLong();
      return Answer.returning((Lease) in.readObject()); // the lease asked for, granted
    }
    if (target.equals(DGC) && op == DGC_CLEAN) {
      in.readObject();
      in.readLong();
      in.readObject();
      in.readBoolean();
      return Answer.VOID;
    }
    Method m = methods.get(hash);
    if (!target.equals(object) || op != -1 || m == null) {
      return null;
    }
    for (Class<?> p : m.getParameterTypes()) {
      readArgument(in, p);
    }
    Answer scripted = calls.poll();
    return scripted != null ? scripted : ordinary.get();
  }

  private static void readArgument(ObjectInputStream in, Class<?> type) throws Exception {
    if (!type.isPrimitive()) {
      in.readObject();
    } else if (type == long.class || type == double.class) {
      in.readLong();
    } else if (type == int.class || type == float.class) {
      in.readInt();
    } else if (type == short.class || type == char.class) {
      in.readShort();
    } else {
      in.readByte();
    }
  }

  /** A stub of our object as RMI writes one: a proxy whose reference names this endpoint. */
  private Object stub() {
    HostPort at = endpoint();
    return Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface},
        new RemoteObjectInvocationHandler(new WrittenRef(at.host(), at.port(), object,
            new TimeoutClientSocketFactory(at.host(), 1_000, 5_000))));
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : connections) {
      s.close();
    }
  }
}
