package dev.hotgates.proxy.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A backend for tests, on the JDK's HTTP server: {@code /echo...} answers with a description of
 * the request it received (method, target, headers, body); {@code /stream} echoes the body back
 * as it arrives; {@code /slow?ms=N} waits; {@code /status/N} answers N; anything else describes too.
 */
public final class EchoBackend implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    public EchoBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        try (ex) {
            if (path.equals("/sha256")) {
                // Reads the body as it streams in and answers its length and digest.
                java.security.MessageDigest md = sha256();
                long n = 0;
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = ex.getRequestBody()) {
                    for (int r; (r = in.read(buf)) > 0; n += r) md.update(buf, 0, r);
                }
                byte[] body = (n + " " + java.util.HexFormat.of().formatHex(md.digest())).getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            if (path.equals("/bytes")) {
                // Streams N deterministic bytes, chunked.
                long n = Long.parseLong(ex.getRequestURI().getQuery().substring(2));
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    byte[] block = block();
                    for (long left = n; left > 0; left -= block.length) out.write(block, 0, (int) Math.min(left, block.length));
                }
                return;
            }
            if (path.startsWith("/slow")) {
                String q = ex.getRequestURI().getQuery();
                long ms = q != null && q.startsWith("ms=") ? Long.parseLong(q.substring(3)) : 1000;
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = 200;
            if (path.startsWith("/status/")) status = Integer.parseInt(path.substring(8, 11));
            if (path.startsWith("/redirect")) ex.getResponseHeaders().set("Location", "http://" + ex.getRequestHeaders().getFirst("Host") + "/echo/moved");
            byte[] body = describe(ex).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.getResponseHeaders().set("X-Backend", "echo");
            ex.getResponseHeaders().set("X-Pad", "avoid browser bug");
            ex.getResponseHeaders().set("Server", "backend-server");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
    }

    static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 64 KiB of fixed pseudo-random bytes. */
    static byte[] block() {
        byte[] b = new byte[64 * 1024];
        new java.util.Random(42).nextBytes(b);
        return b;
    }

    /** The request as received, one line per fact, headers sorted: easy to compare. */
    static String describe(HttpExchange ex) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("method: ").append(ex.getRequestMethod()).append('\n');
        sb.append("target: ").append(ex.getRequestURI().toString()).append('\n');
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        headers.forEach((k, v) -> sb.append("header ").append(k.toLowerCase()).append(": ").append(String.join(" | ", v)).append('\n'));
        byte[] body = ex.getRequestBody().readAllBytes();
        sb.append("body: ").append(new String(body, StandardCharsets.UTF_8)).append('\n');
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
