package dev.hotgates.proxy.it;

import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.server.ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the proxy in this JVM on a free port with a configuration written from a template. */
public final class ProxyHarness implements AutoCloseable {

    private final ProxyServer server;
    private final int port;

    private ProxyHarness(ProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** {@code @PORT@} in the template becomes the proxy's port. */
    public static ProxyHarness start(Path dir, String template) throws Exception {
        int port = freePort();
        Path conf = dir.resolve("proxy-" + port + ".conf");
        Files.writeString(conf, template.replace("@PORT@", Integer.toString(port)));
        return new ProxyHarness(new ProxyServer(ProxyConfig.load(conf)).start(), port);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        server.close();
    }
}
