package dev.hotgates.proxy.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hotgates.proxy.Configs;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.observe.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the client side of the proxy with raw bytes, cut into two reads at a fuzzed point: the
 * pipeline never lets an exception escape, everything it writes starts with a status line, and
 * (the leak check runs at paranoid for every test class) it never leaks a buffer. Requests that
 * reach {@code proxy_pass} meet an origin that cannot be connected, so 502 is part of the space.
 */
class RequestFuzzTest {

    private static final ProxyRuntime RUNTIME = runtime();

    @FuzzTest(maxDuration = "30s")
    void answersEveryInputSafely(byte[] input) {
        int cut = input.length == 0 ? 0 : (input[0] & 0xff) % input.length;
        EmbeddedChannel ch = new EmbeddedChannel(false, false);
        ch.config().setAutoRead(false);
        ProxyInitializer.pipeline(ch.pipeline(), RUNTIME, ProxyInitializer.decoderConfig(8192));
        try {
            ch.register();
            ch.writeInbound(Unpooled.wrappedBuffer(input, 0, cut));
            ch.runPendingTasks();
            if (ch.isActive()) ch.writeInbound(Unpooled.wrappedBuffer(input, cut, input.length - cut));
            ch.runPendingTasks();
            ch.runPendingTasks();
        } catch (Exception e) {
            throw new AssertionError("exception escaped the pipeline", e);
        }
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof ByteBuf b && out.length() < 16) out.append(b.toString(StandardCharsets.ISO_8859_1));
            ReferenceCountUtil.release(o);
        }
        assertTrue(out.length() == 0 || out.toString().startsWith("HTTP/1.1 "), "output starts with a status line: " + out);
        ch.close();
        ch.runPendingTasks();
        // Requests still queued in the FlowControlHandler when the pipeline is torn down go to its
        // tail, which releases them on a real channel; here the EmbeddedChannel keeps them.
        ch.finishAndReleaseAll();
    }

    private static ProxyRuntime runtime() {
        try {
            Path dir = Files.createTempDirectory("hotgates-fuzz");
            Files.createDirectories(dir.resolve("www/sub"));
            Files.writeString(dir.resolve("www/index.html"), "<p>home</p>\n");
            Files.writeString(dir.resolve("www/sub/a.txt"), "a\n");
            ProxyConfig config = Configs.load(dir, """
                    events { }
                    http {
                      map $http_x_tier $tier { default basic; ~^p(.*) premium-$1; }
                      client_max_body_size 4k;
                      server {
                        listen 80;
                        root %s/www;
                        error_page 404 /404.html;
                        location = /ret { return 200 "hi $uri $args $tier\\n"; }
                        location /p/ { proxy_pass http://127.0.0.1:1/; }
                        location ~ ^/re/(.*)$ { proxy_pass http://127.0.0.1:1; }
                        location /deny { deny all; }
                        location = /s { stub_status; }
                        location /files/ { alias %s/www/sub/; autoindex on; }
                        location /try/ { try_files $uri $uri/ /index.html; }
                        location / { add_header X-A $request_uri always; }
                      }
                    }
                    """.formatted(dir, dir));
            return new ProxyRuntime(config, new Stats(), Transport.best());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
