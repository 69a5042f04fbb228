package dev.hotgates.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The counter against a real Redis in a container (image from REDIS_IMAGE, default
 * redis:7-alpine), with append-only persistence, stopped and started under the app's feet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CounterRedisIT {

    static final Pattern COUNT = Pattern.compile("This Compose/Javalin demo has been viewed (\\d+) time\\(s\\)\\.");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static GenericContainer<?> redis;
    static HitCounter counter;
    static Javalin app;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "SKIPPED: no Docker engine reachable; CounterRedisIT needs one to run Redis");
        String image = System.getenv().getOrDefault("REDIS_IMAGE", "redis:7-alpine");
        int hostPort;
        try (ServerSocket s = new ServerSocket(0)) {
            hostPort = s.getLocalPort();
        }
        int fixed = hostPort;
        // A fixed host port, so the container keeps its address across stop and start.
        redis = new GenericContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("redis"))
                .withCommand("redis-server", "--appendonly", "yes", "--appendfsync", "always", "--dir", "/data", "--protected-mode", "no")
                .withExposedPorts(6379)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new com.github.dockerjava.api.model.PortBinding(
                                com.github.dockerjava.api.model.Ports.Binding.bindPort(fixed),
                                new com.github.dockerjava.api.model.ExposedPort(6379))))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
        redis.start();
        counter = new HitCounter(redis.getHost(), fixed, 500);
        app = CounterApp.create(counter).start(0);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.stop();
        if (counter != null) counter.close();
        if (redis != null) redis.stop();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static long count(String body) {
        Matcher m = COUNT.matcher(body);
        assertTrue(m.matches(), body);
        return Long.parseLong(m.group(1));
    }

    static long hits() throws Exception {
        String body = get("/api/hits").body();
        return Long.parseLong(body.replaceAll("\\D", ""));
    }

    @Test
    @Order(1)
    void eachVisitCountsOnceWithTheFlaskAppsSentence() throws Exception {
        long before = hits();
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        // Jetty writes "text/html;charset=utf-8": the same media type and charset as Flask's (RFC 9110 §8.3.1).
        assertEquals("text/html;charset=utf-8", r.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
        assertEquals(before + 1, count(r.body()));
        assertEquals(before + 1, hits(), "/api/hits reads without counting");
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    @Order(2)
    void twoHundredConcurrentVisitsCountExactlyTwoHundred() throws Exception {
        long before = hits();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Callable<Long>> visits = java.util.Collections.nCopies(200, () -> count(get("/").body()));
        Set<Long> seen = new HashSet<>();
        for (Future<Long> f : pool.invokeAll(visits)) seen.add(f.get());
        pool.shutdown();
        assertEquals(200, seen.size(), "every visit got its own number");
        assertEquals(before + 200, hits());
        assertEquals(before + 1, seen.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertEquals(before + 200, seen.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Test
    @Order(3)
    void redisDownIs503WithinASecondAndRecoversByItself() throws Exception {
        long before = hits();
        redis.getDockerClient().stopContainerCmd(redis.getContainerId()).withTimeout(5).exec();
        try {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get("/");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
            assertTrue(r.body().contains("is unavailable"), r.body());
            assertTrue(ms < 1000, "503 took " + ms + " ms");
            assertEquals(503, get("/health").statusCode());
        } finally {
            redis.getDockerClient().startContainerCmd(redis.getContainerId()).exec();
        }
        // Recovery needs no restart of the app: the pool validates and reconnects.
        long deadline = System.nanoTime() + 20_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && (status = get("/health").statusCode()) != 200) Thread.sleep(200);
        assertEquals(200, status, "recovered after Redis came back");
        assertEquals(before, hits(), "the count survived the restart (append-only file on the volume)");
        assertEquals(before + 1, count(get("/").body()));
    }
}
