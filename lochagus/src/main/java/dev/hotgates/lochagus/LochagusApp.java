package dev.hotgates.lochagus;

import io.javalin.Javalin;
import java.util.Map;

/** lochagus: the captain who answers leonidas. {@code /}, {@code /api/info}, {@code /health}. */
public final class LochagusApp {

    private LochagusApp() { }

    public static Javalin create(ServiceInfo info) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.html(page(info)));
            config.routes.get("/api/info", ctx -> ctx.json(info));
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP", "service", info.service())));
        });
    }

    static String page(ServiceInfo info) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>lochagus</title></head>
                <body><h1>lochagus</h1>
                <p>Instance <code>%s</code>, version %s.</p>
                <blockquote>"Then we will fight in the shade." &mdash; Dienekes, at Thermopylae</blockquote>
                </body></html>
                """.formatted(info.instance(), info.version());
    }
}
