package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.Listen;
import java.util.List;
import java.util.Map;

/**
 * One {@code server} block: where it listens, its names (regex names, {@code ~RE}, also compiled,
 * case-insensitive as nginx's), its settings and its locations.
 */
public record ServerConfig(List<Listen> listens, List<String> names, List<java.util.regex.Pattern> nameRegexes,
                           Settings settings, List<Location> locations, Map<String, Location> named, String file, int line) {

    /** The first name, as {@code $server_name} gives it. */
    public String primaryName() {
        return names.isEmpty() ? "" : names.get(0);
    }

    public String where() {
        return file + ":" + line;
    }
}
