package dev.hotgates.proxy.routing;

import dev.hotgates.proxy.config.Model.MapBlock;
import dev.hotgates.proxy.config.Model.MapEntry;
import dev.hotgates.proxy.config.Vars;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;

/**
 * Evaluates a {@code map}: exact strings (case-insensitive, as nginx's hash), then regexes in
 * file order with their captures, then {@code default} (empty when absent).
 */
public final class MapEvaluator {

    private MapEvaluator() { }

    public static String evaluate(MapBlock map, Vars vars) {
        String key = map.source().render(vars);
        if (key == null) key = "";
        if (map.hostnames() && key.endsWith(".")) key = key.substring(0, key.length() - 1);
        for (MapEntry e : map.entries()) {
            if (e.regex() == null && e.key().equalsIgnoreCase(key)) return e.value().render(vars);
        }
        for (MapEntry e : map.entries()) {
            if (e.regex() == null) continue;
            Matcher m = e.regex().matcher(key);
            if (m.find()) {
                MatchResult r = m.toMatchResult();
                return e.value().render(new Vars() {
                    @Override
                    public String get(String name) {
                        return vars.get(name);
                    }

                    @Override
                    public String capture(int n) {
                        return n <= r.groupCount() ? r.group(n) : null;
                    }
                });
            }
        }
        return map.defaultValue() == null ? "" : map.defaultValue().render(vars);
    }
}
