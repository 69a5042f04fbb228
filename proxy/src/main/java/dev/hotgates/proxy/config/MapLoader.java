package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.MapBlock;
import dev.hotgates.proxy.config.Model.MapEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Loads {@code map $src $dst { default V; KEY V; ~REGEX V; ~*REGEX V; hostnames; }}. */
final class MapLoader {

    private MapLoader() { }

    static MapBlock load(Directive d, LoadScope scope) {
        Template source = scope.template(d, d.arg(0));
        List<MapEntry> entries = new ArrayList<>();
        Template defaultValue = null;
        boolean hostnames = false;
        for (Directive e : d.block()) {
            String key = e.name();
            if (key.equals("hostnames") && e.args().isEmpty()) {
                hostnames = true;
                continue;
            }
            if (e.args().size() != 1) throw ConfigError.at(e, "invalid number of the map parameters");
            Template value = scope.template(e, e.arg(0));
            if (key.equals("default")) {
                defaultValue = value;
            } else if (key.startsWith("~")) {
                boolean icase = key.startsWith("~*");
                String re = key.substring(icase ? 2 : 1);
                try {
                    entries.add(new MapEntry(key, Pattern.compile(re, icase ? Pattern.CASE_INSENSITIVE : 0), value));
                } catch (PatternSyntaxException ex) {
                    throw ConfigError.at(e, "pcre_compile() failed: " + ex.getDescription() + " in \"" + re + "\"");
                }
            } else {
                entries.add(new MapEntry(key.startsWith("\\") ? key.substring(1) : key, null, value));
            }
        }
        return new MapBlock(source, d.arg(1).substring(1), List.copyOf(entries), defaultValue, hostnames);
    }
}
