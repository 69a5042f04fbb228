package dev.hotgates.proxy.statics;

import dev.hotgates.proxy.config.Location;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * At start-up, every location that serves files from a literal {@code root} or {@code alias} is
 * looked at: one that exists but cannot be read stops the start with one clear line; one that
 * does not exist (yet) is a warning, since a volume may be mounted there later. nginx only
 * notices either at request time.
 */
public final class RootCheck {

    private RootCheck() { }

    /** Returns warnings for missing roots; throws IllegalStateException naming an unreadable one. */
    public static List<String> check(ProxyConfig config) {
        List<String> warnings = new java.util.ArrayList<>();
        for (ServerConfig s : config.servers()) check(s.locations(), warnings);
        return warnings;
    }

    private static void check(List<Location> locations, List<String> warnings) {
        for (Location l : locations) {
            Settings s = l.settings();
            boolean servesFiles = s.proxyPass() == null && s.ret() == null && !s.stubStatus() && s.root() != null;
            String root = s.root();
            if (servesFiles && !root.contains("$")) {
                Path dir = s.alias() && !root.endsWith("/") ? Path.of(root).getParent() : Path.of(root);
                String what = (s.alias() ? "alias" : "root") + " \"" + root + "\" of " + l.label() + " in " + l.where();
                if (dir != null && !Files.exists(dir)) {
                    warnings.add(what + " does not exist");
                } else if (dir != null && (!Files.isDirectory(dir) || !Files.isReadable(dir))) {
                    throw new IllegalStateException(what + " is not a readable directory");
                }
            }
            check(l.children(), warnings);
        }
    }
}
