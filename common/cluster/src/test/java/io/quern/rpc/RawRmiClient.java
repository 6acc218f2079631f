package io.quern.rpc;

import io.quern.net.HostPort;
import io.quern.security.ClusterCredentials;
import io.quern.security.Handshake;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.server.ObjID;
import java.rmi.server.RemoteObject;
import java.rmi.server.UID;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Speaks JRMP by hand, so that a test can put any bytes where RMI's own client would only put
 * well-formed ones: forged lengths, hostile classes, garbage. Optionally does our handshake first.
 */
final class RawRmiClient implements Closeable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  /** The sending of the last call, which may outlive its answer by a moment. */
  private CompletableFuture<Void> lastSend;

  /** Connects from {@code from} (null: any) and, with {@code creds}, authenticates. */
  RawRmiClient(HostPort server, String from, ClusterCredentials creds) throws IOException {
    socket = new Socket();
    if (from != null) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    }
    socket.connect(new InetSocketAddress(server.host(), server.port()), 2_000);
    socket.setSoTimeout(5_000);
    InputStream i = socket.getInputStream();
    OutputStream o = socket.getOutputStream();
    if (creds != null) {
      Handshake.Session s = Handshake.client(socket, i, o, creds, 2_000);
      i = s.input(i);
      o = s.output(o);
    }
    in = new DataInputStream(i);
    out = new DataOutputStream(o);
  }

  /** JRMP's opening: magic, version, stream protocol; the server's ack; our endpoint. */
  RawRmiClient open() throws IOException {
    out.writeInt(0x4a524d49);
    out.writeShort(2);
    out.writeByte(0x4b);
    out.flush();
    if (in.readByte() != 0x4e) {
      throw new IOException("no protocol ack");
    }
    in.readUTF();
    in.readInt();
    out.writeUTF("127.0.0.1");
    out.writeInt(0);
    out.flush();
    return this;
  }

  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one byte; -1 when the server has closed the connection. */
  int readByte() throws IOException {
    return in.read();
  }

  /** The call's serialized body (object id, method hash, arguments), as RMI would write it. */
  static byte[] callBody(ObjID target, Method method, Object... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new AnnotatingOutput(bytes)) {
      target.write(o);
      o.writeInt(-1);
      o.writeLong(methodHash(method));
      for (Object a : args) {
        o.writeObject(a);
      }
    }
    return bytes.toByteArray();
  }

  /** Sends a call whose body is {@code forge(callBody(...))}; returns the result or the thrown exception. */
  Object call(ObjID target, Method method, UnaryOperator<byte[]> forge, Object... args) throws Exception {
    return callRaw(forge.apply(callBody(target, method, args)));
  }

  Object call(ObjID target, Method method, Object... args) throws Exception {
    return call(target, method, UnaryOperator.identity(), args);
  }

  /**
   * Sends from another thread while this one waits for the return: a server that refuses a
   * call part way through answers and closes without reading the rest, so a large body's
   * write may fail with a broken pipe after the answer has arrived. Such a failure counts only
   * when no answer came.
   */
  Object callRaw(byte[] body) throws Exception {
    // The previous call's sender may still be returning from its flush after its answer came:
    // the session's record stream is one writer's at a time.
    if (lastSend != null) {
      try {
        lastSend.join();
      } catch (RuntimeException ignored) {
        // that call's outcome was judged when it returned
      }
    }
    CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
      try {
        out.writeByte(0x50);
        out.write(body);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    lastSend = sent;
    int kind = in.read();
    if (kind != 0x51) {
      IOException noReturn = new IOException("no return from the server (read " + kind + ")");
      try {
        sent.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        noReturn.addSuppressed(e.getCause());
      }
      throw noReturn;
    }
    ObjectInputStream result = new AnnotatedInput(in);
    byte type = result.readByte();
    UID.read(result);
    Object value = result.readObject();
    return type == 1 ? value : new Thrown((Throwable) value);
  }

  /** What the server threw, as a value. */
  record Thrown(Throwable exception) {}

  /** The ObjID of the object behind {@code stub}, read from the stub's serialized reference. */
  static ObjID objId(Object stub) throws Exception {
    RemoteObject handler = (RemoteObject) Proxy.getInvocationHandler(stub);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      handler.getRef().writeExternal(o);
    }
    try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      i.readByte();
      i.readUTF();
      i.readInt();
      i.readObject(); // the client socket factory
      return ObjID.read(i);
    }
  }

  static long methodHash(Method m) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-1");
    try (DataOutputStream d = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
      d.writeUTF(m.getName() + MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString());
    }
    byte[] h = sha.digest();
    long hash = 0;
    for (int i = 0; i < 8; i++) {
      hash += ((long) (h[i] & 0xff)) << (i * 8);
    }
    return hash;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** RMI's marshal streams annotate every class with a code base; we write none. */
  static final class AnnotatingOutput extends ObjectOutputStream {
    AnnotatingOutput(OutputStream out) throws IOException {
      super(out);
    }

    @Override
    protected void annotateClass(Class<?> cl) throws IOException {
      writeObject(null);
    }

    @Override
    protected void annotateProxyClass(Class<?> cl) throws IOException {
      writeObject(null);
    }
  }

  static final class AnnotatedInput extends ObjectInputStream {
    AnnotatedInput(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      readObject();
      return super.resolveClass(desc);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
      readObject();
      return super.resolveProxyClass(interfaces);
    }
  }
}
