package io.quern.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quern.net.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A daemon's status pages and {@code /metrics}, served by the JDK's own HTTP server: a few pages
 * read by operators and a scraper, for which a servlet container would be a large dependency
 * that brings nothing these need. Read-only: GET and HEAD only; the pages carry no script and
 * say so to the browser (Content-Security-Policy), so that nothing a user named (a job, a file)
 * can run in an operator's browser even if escaping missed it.
 *
 * <p>Lifecycle: {@link #page} any number of times, {@link #start()}, {@link #close()}. Pages run on
 * the server's two threads; each page reads its daemon's state the way the daemon allows (the
 * master through its loop, the NameNode under its lock), never holding anything across a request.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(StatusServer.class);

  /** One page: answers a request, or throws {@link BadRequestException} / {@link NotFoundException}. */
  @FunctionalInterface
  public interface Page {
    Response serve(Request request) throws Exception;
  }

  private final String daemon;
  private final HostPort bind;
  /** A concurrent map: pages are added at start and read by the server threads. */
  private final Map<String, Page> pages = new ConcurrentHashMap<>();
  /** Guarded by this. */
  private HttpServer server;
  /** Guarded by this. */
  private ExecutorService threads;

  /** @param daemon names the daemon in the log, e.g. "master" */
  public StatusServer(String daemon, HostPort bind) {
    this.daemon = daemon;
    this.bind = bind;
  }

  /** Serves {@code page} at exactly {@code path}. */
  public StatusServer page(String path, Page page) {
    if (pages.putIfAbsent(path, page) != null) {
      throw new IllegalArgumentException(path + " is already served");
    }
    return this;
  }

  public synchronized StatusServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException(daemon + " status server already started");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(bind.host(), bind.port()), 16);
    } catch (IOException e) {
      throw new IOException("cannot serve the " + daemon + "'s status pages on " + bind + ": " + e.getMessage(), e);
    }
    threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, daemon + "-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
    LOG.info("{} status pages at http://{}/", daemon, endpoint());
    return this;
  }

  /** Where the pages are served: the bound address, with the port chosen when 0 was asked for. */
  public synchronized HostPort endpoint() {
    if (server == null) {
      return bind;
    }
    return new HostPort(bind.host(), server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    Response r;
    try {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        r = Response.error(405, method + " is not served here; the status pages are read-only");
      } else {
        Page page = pages.get(ex.getRequestURI().getPath());
        r = page == null ? Response.error(404, "no page " + ex.getRequestURI().getPath() + " here")
            : page.serve(Request.of(ex.getRequestURI()));
      }
    } catch (BadRequestException e) {
      r = Response.error(400, e.getMessage());
    } catch (NotFoundException e) {
      r = Response.error(404, e.getMessage());
    } catch (ForbiddenException e) {
      r = Response.error(403, e.getMessage());
    } catch (Exception | Error e) {
      LOG.warn("{} page {} failed: {}", daemon, ex.getRequestURI(), e.toString(), e);
      r = Response.error(500, "the page failed: " + e);
    }
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", r.contentType());
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      ex.getResponseHeaders().set("Content-Security-Policy",
          "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'");
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(r.status(), head ? -1 : (r.body().length == 0 ? -1 : r.body().length));
      if (!head && r.body().length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(r.body());
        }
      }
    } catch (IOException e) {
      LOG.debug("{} page {}: client went away: {}", daemon, ex.getRequestURI(), e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      threads.shutdownNow();
      try {
        threads.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
