package dev.hotgates.@PKG@;

import io.javalin.Javalin;
import java.util.Map;

/** @NAME@: {@code /}, {@code /api/info}, {@code /health}. Add your routes here. */
public final class @CLASS@App {

    private @CLASS@App() { }

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
                <html lang="en"><head><meta charset="utf-8"><title>@NAME@</title></head>
                <body><h1>@NAME@</h1>
                <p>Instance <code>%s</code>, version %s.</p>
                </body></html>
                """.formatted(info.instance(), info.version());
    }
}
