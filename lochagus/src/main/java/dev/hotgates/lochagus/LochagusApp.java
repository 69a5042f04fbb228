package dev.hotgates.lochagus;

import io.javalin.Javalin;
import java.util.Map;

/**
 * lochagus: the captain who answers leonidas. {@code /}, {@code /api/info}, {@code /health}, and
 * for the lessons: every response says which path arrived ({@code X-Received-Path}), and
 * {@code /api/echo} shows the request line and the headers a proxy adds.
 */
public final class LochagusApp {

    private LochagusApp() { }

    public static Javalin create(ServiceInfo info) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> ctx.header("X-Received-Path", ctx.req().getRequestURI()));
            config.routes.get("/", ctx -> ctx.html(page(info)));
            config.routes.get("/api/echo", ctx -> ctx.json(echo(ctx)));
            config.routes.get("/api/info", ctx -> ctx.json(info));
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP", "service", info.service())));
        });
    }

    /** What arrived, in a fixed order: the request line, Host, and the forwarding headers. */
    static Map<String, String> echo(io.javalin.http.Context ctx) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("request", ctx.method() + " " + ctx.req().getRequestURI()
                + (ctx.queryString() == null ? "" : "?" + ctx.queryString()) + " " + ctx.protocol());
        for (String h : java.util.List.of("Host", "X-Real-IP", "X-Forwarded-For", "X-Forwarded-Proto", "X-Request-Id", "Connection")) {
            String v = ctx.header(h);
            out.put(h, v == null ? "(none)" : v);
        }
        return out;
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
