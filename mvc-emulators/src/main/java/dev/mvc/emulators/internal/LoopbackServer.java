package dev.mvc.emulators.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import java.net.URI;

/**
 * The WireMock server behind the wire emulators: loopback only, a free port, one catch-all stub
 * whose answer the emulator's response transformer computes, no request journal of WireMock's own.
 */
public final class LoopbackServer implements AutoCloseable {
  private final String name;
  private final WireMockServer server;

  /** Creates a server named {@code name} (for messages) that answers through {@code dispatcher}. */
  public LoopbackServer(String name, Extension dispatcher) {
    this.name = name;
    this.server = new WireMockServer(WireMockConfiguration.options()
        .bindAddress("127.0.0.1")
        .dynamicPort()
        .jettyAcceptors(1)
        .containerThreads(16)
        .gzipDisabled(true)
        .templatingEnabled(false)
        .disableRequestJournal()
        .extensions(dispatcher));
  }

  /** Starts the server unless it is running. */
  public void start() {
    if (!server.isRunning()) {
      server.start();
      server.stubFor(any(anyUrl()).willReturn(ok()));
    }
  }

  /** Returns whether the server is running. */
  public boolean isRunning() {
    return server.isRunning();
  }

  /** Returns the port; fails if the server has not been started. */
  public int port() {
    if (!server.isRunning()) {
      throw new IllegalStateException(name + " is not running: call start() first");
    }
    return server.port();
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Stops the server if it is running. */
  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
  }

  @Override
  public String toString() {
    return name + "{" + (server.isRunning() ? endpoint() : "stopped") + "}";
  }
}
