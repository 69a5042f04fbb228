package dev.hotgates.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotgates.proxy.Configs;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.observe.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The client pipeline on an EmbeddedChannel: what the proxy answers itself, without sockets. */
class ClientHandlerTest {

    @TempDir
    static Path dir;

    static ProxyRuntime runtime;

    @BeforeAll
    static void load() throws Exception {
        ProxyConfig config = Configs.load(dir, """
                events { }
                http {
                  server {
                    listen 80;
                    location = /ret { return 200 "hi $uri\\n"; }
                    location /p/ { proxy_pass http://127.0.0.1:1/; }
                    location /deny { deny all; }
                    location = /s { stub_status; }
                    location = /two { keepalive_requests 2; return 200 "two\\n"; }
                    location = /nokeep { keepalive_timeout 0; return 200 "no\\n"; }
                    location / { return 404; }
                  }
                }
                """);
        runtime = new ProxyRuntime(config, new Stats(), Transport.best());
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    /** Sends raw bytes through a fresh pipeline and returns everything it wrote, as text. */
    static String exchange(String request, boolean[] closed) {
        EmbeddedChannel ch = new EmbeddedChannel(false, false);
        ch.config().setAutoRead(false);
        ProxyInitializer.pipeline(ch.pipeline(), runtime, ProxyInitializer.decoderConfig(8192));
        try {
            ch.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        ch.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof ByteBuf b) out.append(b.toString(StandardCharsets.ISO_8859_1));
            io.netty.util.ReferenceCountUtil.release(o);
        }
        closed[0] = !ch.isActive();
        assertFalse(ch.finishAndReleaseAll(), "nothing left unread or unreleased");
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        GET /ret HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                       | HTTP/1.1 200 OK         | hi /ret      | false
        HEAD /ret HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                      | HTTP/1.1 200 OK         | -            | false
        GET /nothing HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                   | HTTP/1.1 404 Not Found  | <h1>404 Not Found</h1> | false
        GET /deny HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                      | HTTP/1.1 403 Forbidden  | <h1>403 Forbidden</h1> | false
        GET /p HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                         | HTTP/1.1 301 Moved Permanently | Location: http://x/p/ | false
        GET /p?q=1 HTTP/1.1\\r\\nHost: x:8080\\r\\n\\r\\n                | HTTP/1.1 301 Moved Permanently | Location: http://x/p/?q=1 | false
        GET /ret HTTP/1.0\\r\\n\\r\\n                                    | HTTP/1.1 200 OK         | Connection: close | true
        GET /ret HTTP/1.1\\r\\n\\r\\n                                    | HTTP/1.1 400 Bad Request | <h1>400 Bad Request</h1> | true
        GET /ret HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n          | HTTP/1.1 400 Bad Request | -           | true
        GET /../x HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                      | HTTP/1.1 400 Bad Request | -           | true
        POST /ret HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | HTTP/1.1 400 Bad Request | - | true
        POST /ret HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab | HTTP/1.1 400 Bad Request | - | true
        POST /ret HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | HTTP/1.1 501 Not Implemented | - | true
        GET /s HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                         | HTTP/1.1 200 OK         | server accepts handled requests | false
        """)
    void answersLikeNginx(String request, String statusLine, String contains, boolean closes) {
        boolean[] closed = new boolean[1];
        String out = exchange(request.replace("\\r", "\r").replace("\\n", "\n"), closed);
        assertTrue(out.startsWith(statusLine + "\r\n"), out);
        if (!contains.equals("-")) assertTrue(out.contains(contains), out);
        if (request.startsWith("HEAD")) assertTrue(out.endsWith("\r\n\r\n"), "HEAD gets no body: " + out);
        assertEquals(closes, closed[0], "connection closed");
    }

    @Test
    void theLastResponseAKeepAliveConnectionGetsSaysSo() {
        boolean[] closed = new boolean[1];
        String out = exchange("GET /two HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2), closed);
        String[] heads = out.split("two\n", -1);
        assertTrue(heads[0].contains("Connection: keep-alive"), out);
        // nginx: the keepalive_requests-th response carries "Connection: close", then the connection closes.
        assertTrue(heads[1].contains("Connection: close"), out);
        assertEquals(3, heads.length, "two answers: " + out);
        assertTrue(closed[0], "connection closed");
        out = exchange("GET /nokeep HTTP/1.1\r\nHost: x\r\n\r\n", closed);
        assertTrue(out.contains("Connection: close"), "keepalive_timeout 0: " + out);
        assertTrue(closed[0], "connection closed");
    }

    @ParameterizedTest(name = "pipelined: {0}")
    @CsvSource({"/ret /nothing /ret", "/nothing /ret /deny"})
    void pipelinedRequestsAreAnsweredInOrder(String paths) {
        StringBuilder req = new StringBuilder();
        for (String p : paths.split(" ")) req.append("GET ").append(p).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        String out = exchange(req.toString(), new boolean[1]);
        int at = 0;
        for (String p : paths.split(" ")) {
            String expect = p.equals("/ret") ? "HTTP/1.1 200" : p.equals("/deny") ? "HTTP/1.1 403" : "HTTP/1.1 404";
            int i = out.indexOf("HTTP/1.1 ", at);
            assertTrue(i >= 0 && out.startsWith(expect, i), "in order: " + out);
            at = i + 1;
        }
    }
}
