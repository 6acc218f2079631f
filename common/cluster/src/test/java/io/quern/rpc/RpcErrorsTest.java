package io.quern.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.net.HostPort;
import java.io.InvalidClassException;
import java.net.SocketTimeoutException;
import java.rmi.ConnectException;
import java.rmi.NoSuchObjectException;
import java.rmi.ServerException;
import java.rmi.UnmarshalException;
import org.junit.jupiter.api.Test;

class RpcErrorsTest {
  @Test
  void refusedConnectionNamesServiceAndAddress() {
    ConnectException e = new ConnectException("Connection refused to host: 172.17.0.3",
        new EndpointUnreachableException(new HostPort("127.0.0.1", 9000), "connection refused", null));
    assertEquals("cannot reach namenode at 127.0.0.1:9000: connection refused", RpcErrors.describe("namenode", e));
    assertEquals("cannot reach 127.0.0.1:9000: connection refused", RpcErrors.describe(e));
  }

  @Test
  void readTimeout() {
    UnmarshalException e = new UnmarshalException("error unmarshalling return", new SocketTimeoutException("Read timed out"));
    assertEquals("master did not answer within the read timeout", RpcErrors.describe("master", e));
  }

  @Test
  void rejectedArguments() {
    ServerException e = new ServerException("RemoteException occurred in server thread",
        new UnmarshalException("error unmarshalling arguments", new InvalidClassException("filter status: REJECTED")));
    assertEquals("namenode refused the call's arguments: filter status: REJECTED", RpcErrors.describe("namenode", e));
  }

  @Test
  void aRefusedAnswer() {
    UnmarshalException e = new UnmarshalException("error unmarshalling return", new InvalidClassException("filter status: REJECTED"));
    assertEquals("refused what namenode answered: filter status: REJECTED", RpcErrors.describe("namenode", e));
  }

  @Test
  void notExported() {
    assertEquals("the server is not serving here (no such object in table)",
        RpcErrors.describe(new NoSuchObjectException("no such object in table")));
  }

  @Test
  void anythingElseIsItsRootMessage() {
    assertEquals("no endpoint of namenode is known",
        RpcErrors.describe(new ConnectException("no endpoint of namenode is known")));
    assertEquals("disk full", RpcErrors.describe(new IllegalStateException("disk full")));
  }
}
