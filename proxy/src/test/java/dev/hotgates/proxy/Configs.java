package dev.hotgates.proxy;

import dev.hotgates.proxy.config.ProxyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes configuration text to a file and loads it, as the proxy would. */
public final class Configs {

    private Configs() { }

    public static Path write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ProxyConfig load(Path dir, String text) {
        return ProxyConfig.load(write(dir, "test.conf", text));
    }

    /** A whole file around one server block's body. */
    public static ProxyConfig server(Path dir, String serverBody) {
        return load(dir, "events {}\nhttp {\n  server {\n    listen 8080;\n" + serverBody + "\n  }\n}\n");
    }
}
