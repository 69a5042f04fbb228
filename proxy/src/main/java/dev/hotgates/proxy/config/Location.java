package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.Match;
import java.util.List;
import java.util.regex.Pattern;

/** One {@code location} block, with its nested locations in file order. */
public record Location(Match match, String pattern, Pattern regex, Settings settings,
                       List<Location> children, String file, int line) {

    /**
     * nginx answers {@code /dir} with a 301 to {@code /dir/} when the location {@code /dir/} is
     * proxied (ngx_http_core_find_static_location, "auto_redirect").
     */
    public boolean autoRedirect() {
        return settings.proxyPass() != null && !match.isRegex() && match != Match.NAMED && pattern.endsWith("/");
    }

    /** How nginx writes it: {@code location ^~ /images/}. */
    public String label() {
        return match == Match.NAMED ? "location " + pattern
                : "location " + (match.symbol.isEmpty() ? "" : match.symbol + " ") + pattern;
    }

    public String where() {
        return file + ":" + line;
    }
}
