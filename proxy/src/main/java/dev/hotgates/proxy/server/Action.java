package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Location;
import dev.hotgates.proxy.config.Model.ProxyPass;
import dev.hotgates.proxy.config.Settings;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What the router decided for a request; the client handler carries it out. */
public sealed interface Action {

    /** A status nginx produces itself, with its page (or nothing for codes without one). */
    record Status(int code) implements Action { }

    /** A redirect: {@code location} is absolute or relative; relative ones become absolute. */
    record Redirect(int code, String location) implements Action { }

    /** {@code return CODE TEXT}. */
    record Text(int code, String body) implements Action { }

    record StubStatus() implements Action { }

    /** {@code hotgates_metrics}, {@code hotgates_status}, {@code hotgates_dashboard}: "metrics", "status", "dashboard". */
    record StatusPage(String kind) implements Action { }

    record Proxy(Location location, ProxyPass pass, String upstreamUri) implements Action { }

    record File(Path path, BasicFileAttributes attrs) implements Action { }

    record Listing(Path dir) implements Action { }

    /** The settings in force where the action was decided (add_header, types, error pages). */
    record Decided(Action action, Settings settings, int statusOverride) { }
}
