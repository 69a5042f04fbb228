package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged proxy as a process, controlled like nginx: SIGHUP / {@code -s reload} under load,
 * a broken file on reload, SIGUSR1 after the log moved, SIGTERM (docker stop) under load.
 */
class ControlIT {

    static final String JAVA = System.getProperty("java.home") + "/bin/java";

    @TempDir
    Path dir;

    EchoBackend backend;
    Process proxy;
    int port;
    Path conf;
    Path log;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(new File("target/proxy.jar").isFile(), "SKIPPED: ControlIT needs target/proxy.jar (mvn package)");
        backend = new EchoBackend();
        port = ProxyHarness.freePort();
        conf = dir.resolve("proxy.conf");
        log = dir.resolve("access.log");
        writeConf("one", "");
        proxy = new ProcessBuilder(JAVA, "-jar", "target/proxy.jar", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("proxy.out").toFile()).start();
        for (int i = 0; i < 100 && status("/v") != 200; i++) Thread.sleep(100);
        assertEquals("one", body("/v"));
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.destroyForcibly().waitFor();
        }
        if (backend != null) backend.close();
    }

    void writeConf(String version, String extra) throws Exception {
        Files.writeString(conf, """
                pid %s;
                worker_processes 2;
                worker_shutdown_timeout 5s;
                http {
                  access_log %s;
                  server {
                    listen %d;
                    location = /v { return 200 "%s"; }
                    location / { proxy_pass http://127.0.0.1:%d; }
                    %s
                  }
                }
                """.formatted(dir.resolve("proxy.pid"), log, port, version, backend.port(), extra));
    }

    int status(String path) {
        try (RawHttp c = new RawHttp(port)) {
            RawHttp.Response r = c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").read();
            return r == null ? -1 : r.status();
        } catch (Exception e) {
            return -1;
        }
    }

    String body(String path) throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            return c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").read().text();
        }
    }

    int cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", "target/proxy.jar", "-c", conf.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    /** Keep-alive GETs from 4 threads until stopped; returns the failures. */
    Future<List<String>> load(ExecutorService pool, AtomicBoolean stop, ConcurrentLinkedQueue<Integer> counts) {
        List<Future<List<String>>> parts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            parts.add(pool.submit(() -> {
                List<String> failures = new ArrayList<>();
                int n = 0;
                while (!stop.get() && n < 20_000) {
                    try (RawHttp c = new RawHttp(port)) {
                        for (int i = 0; i < 20 && !stop.get(); i++, n++) {
                            RawHttp.Response r = c.send("GET /echo/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
                            if (r == null || r.status() != 200) failures.add(r == null ? "closed" : Integer.toString(r.status()));
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
                counts.add(n);
                return failures;
            }));
        }
        return pool.submit(() -> {
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : parts) all.addAll(f.get());
            return all;
        });
    }

    @Test
    void twentyReloadsUnderLoadFailNoRequestAndABrokenFileIsRejected() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Integer> counts = new ConcurrentLinkedQueue<>();
        try {
            Future<List<String>> failures = load(pool, stop, counts);
            // A slow request in flight across a reload completes.
            Future<Integer> slow = pool.submit(() -> status("/slow?ms=1500"));
            for (int i = 1; i <= 20; i++) {
                String version = "v" + i;
                writeConf(version, "");
                assertEquals(0, i % 2 == 0 ? cli("-s", "reload") : kill("HUP"));
                boolean seen = false;
                for (int w = 0; w < 100 && !seen; w++) {
                    seen = body("/v").equals(version);
                    if (!seen) Thread.sleep(50);
                }
                assertTrue(seen, "new requests follow the new routes after reload " + i);
            }
            Files.writeString(conf, "http { server { listen " + port + "; location / { nosuch; } } }");
            assertEquals(0, kill("HUP"));
            Thread.sleep(1000);
            assertEquals("v20", body("/v"), "a broken file is rejected and the old configuration keeps serving");
            assertTrue(Files.readString(dir.resolve("proxy.out")).contains("unknown directive \"nosuch\""), "the error is logged");
            assertEquals(200, slow.get(10, TimeUnit.SECONDS), "a request in flight across reloads completes");
            stop.set(true);
            List<String> failed = failures.get(60, TimeUnit.SECONDS);
            int total = counts.stream().mapToInt(Integer::intValue).sum();
            System.out.println("reload: 20 reloads, " + total + " requests under load, " + failed.size() + " failed");
            assertEquals(List.of(), failed);
            assertTrue(total > 200, "the load ran: " + total);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    void usr1ReopensTheAccessLog() throws Exception {
        assertEquals(200, status("/echo/before"));
        for (int i = 0; i < 50 && !Files.readString(log).contains("/echo/before"); i++) Thread.sleep(50);
        Path moved = dir.resolve("access.log.1");
        Files.move(log, moved);
        assertEquals(0, cli("-s", "reopen"));
        for (int i = 0; i < 50 && !Files.exists(log); i++) Thread.sleep(50);
        assertEquals(200, status("/echo/after"));
        for (int i = 0; i < 50 && !(Files.exists(log) && Files.readString(log).contains("/echo/after")); i++) Thread.sleep(50);
        assertTrue(Files.readString(log).contains("/echo/after"), "new lines go to a new file");
        assertTrue(Files.readString(moved).contains("/echo/before") && !Files.readString(moved).contains("/echo/after"));
    }

    @Test
    void termUnderLoadFinishesEveryAcceptedRequestAndExitsZero() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> slow = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                slow.add(pool.submit(() -> {
                    try (RawHttp c = new RawHttp(port)) {
                        RawHttp.Response r = c.send("GET /slow?ms=2000 HTTP/1.1\r\nHost: t\r\n\r\n").read();
                        return r == null ? "closed" : r.status() + " " + r.header("Connection");
                    }
                }));
            }
            Thread.sleep(500);
            long t0 = System.nanoTime();
            assertEquals(0, kill("TERM"));
            Thread.sleep(300);
            assertEquals(-1, status("/echo/new"), "no new connections once stopping");
            for (Future<String> f : slow) assertEquals("200 close", f.get(10, TimeUnit.SECONDS), "in-flight requests complete, then close");
            assertTrue(proxy.waitFor(10, TimeUnit.SECONDS), "the proxy exits");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, proxy.exitValue(), "exit 0");
            assertTrue(ms < 5000, "it exits once the in-flight requests are done (" + ms + " ms)");
        } finally {
            pool.shutdownNow();
        }
    }

    int kill(String signal) throws Exception {
        return new ProcessBuilder("kill", "-s", signal, Long.toString(proxy.pid())).inheritIO().start().waitFor();
    }

    static String text(Path p) throws Exception {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
