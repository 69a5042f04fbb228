package dev.hotgates.counter;

import io.javalin.Javalin;
import java.util.Map;

/**
 * The hit counter, Javalin's stand-in for the classic Flask + Redis compose demo:
 * {@code /} counts, {@code /api/hits} reads, {@code /health} pings Redis.
 */
public final class CounterApp {

    private CounterApp() { }

    public static Javalin create(HitCounter counter) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> {
                long n = counter.hit();
                ctx.contentType("text/html; charset=utf-8")
                        .result("This Compose/Javalin demo has been viewed " + n + " time(s).");
            });
            config.routes.get("/api/hits", ctx -> ctx.json(Map.of("hits", counter.current())));
            config.routes.get("/health", ctx -> {
                counter.ping();
                ctx.json(Map.of("status", "UP", "redis", "PONG"));
            });
            config.routes.exception(HitCounter.Unavailable.class, (e, ctx) -> ctx.status(503)
                    .header("Retry-After", "1")
                    .json(Map.of("status", 503, "error", e.getMessage())));
        });
    }
}
