package dev.hotgates.leonidas;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * leonidas: {@code /} a page, {@code /api/info}, {@code /health}, {@code /orders}, which asks
 * lochagus across the network and answers with both, and {@code /ws}, the battle feed (WebSocket).
 */
public final class LeonidasApp {

    private LeonidasApp() { }

    public static Javalin create(ServiceInfo info, LochagusClient lochagus) {
        BattleFeed feed = new BattleFeed();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.ws("/ws", feed::configure);
            config.routes.get("/", ctx -> ctx.html(page(info)));
            config.routes.get("/api/info", ctx -> ctx.json(info));
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP", "service", info.service())));
            config.routes.get("/orders", ctx -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("leonidas", info);
                try {
                    JsonNode captain = lochagus.info();
                    body.put("lochagus", captain);
                    body.put("orders", "Hold the pass at Thermopylae.");
                    ctx.json(body);
                } catch (LochagusClient.Failure f) {
                    body.put("error", f.getMessage());
                    ctx.status(f.status).json(body);
                }
            });
        });
    }

    static String page(ServiceInfo info) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>leonidas</title></head>
                <body><h1>leonidas</h1>
                <p>Instance <code>%s</code>, version %s.</p>
                <blockquote>"Come and take them." &mdash; Leonidas, at Thermopylae</blockquote>
                <p><a href="orders">/orders</a> asks lochagus across the network.</p>
                </body></html>
                """.formatted(info.instance(), info.version());
    }
}
