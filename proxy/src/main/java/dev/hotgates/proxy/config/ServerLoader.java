package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.Listen;
import dev.hotgates.proxy.config.Model.Match;
import dev.hotgates.proxy.config.Model.ProxyPass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Loads one {@code server} block and its (nested) {@code location} blocks. */
final class ServerLoader {

    private final LoadScope scope;
    private final List<String> warnings;
    private final Map<String, Location> named = new LinkedHashMap<>();

    ServerLoader(LoadScope scope, List<String> warnings) {
        this.scope = scope;
        this.warnings = warnings;
    }

    ServerConfig load(Directive server, Map<String, Object> httpValues) {
        SettingsBuilder settings = new SettingsBuilder(httpValues, scope);
        List<Listen> listens = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Pattern> regexes = new ArrayList<>();
        List<Directive> locations = new ArrayList<>();
        for (Directive d : server.block()) {
            switch (d.name()) {
                case "listen" -> listens.add(listen(d));
                case "server_name" -> d.args().forEach(n -> {
                    if (n.startsWith("~")) regexes.add(nameRegex(d, n.substring(1)));
                    names.add(n.startsWith("~") ? n : n.toLowerCase(Locale.ROOT));
                });
                case "location" -> locations.add(d);
                default -> { if (!settings.apply(d)) throw ConfigError.at(d, "unknown directive \"" + d.name() + "\""); }
            }
        }
        if (listens.isEmpty()) listens.add(new Listen(null, 80, false, false));
        List<Location> locs = locations(locations, settings.values(), null);
        for (Directive d : server.block()) {
            if (d.name().equals("listen") && d.args().contains("ssl") && !settings.values().containsKey("ssl_certificate")) {
                throw ConfigError.at(d, "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive");
            }
        }
        return new ServerConfig(List.copyOf(listens), List.copyOf(names), List.copyOf(regexes), settings.build(), locs, Map.copyOf(named),
                server.file(), server.line());
    }

    private static Pattern nameRegex(Directive d, String re) {
        try {
            return Pattern.compile(re, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw ConfigError.at(d, "pcre_compile() failed: " + e.getDescription() + " in \"" + re + "\"");
        }
    }

    private List<Location> locations(List<Directive> directives, Map<String, Object> parentValues, Location parent) {
        List<Location> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Directive d : directives) {
            Location l = location(d, parentValues, parent);
            if (l.match() == Match.NAMED) {
                if (named.put(l.pattern(), l) != null) throw ConfigError.at(d, "duplicate location \"" + l.pattern() + "\"");
                continue;
            }
            if (!l.match().isRegex() && !seen.add((l.match() == Match.EXACT ? "=" : "") + l.pattern())) {
                throw ConfigError.at(d, "duplicate location \"" + l.pattern() + "\"");
            }
            out.add(l);
        }
        return List.copyOf(out);
    }

    private Location location(Directive d, Map<String, Object> parentValues, Location parent) {
        Match match;
        String pattern;
        if (d.args().size() == 2) {
            match = switch (d.arg(0)) {
                case "=" -> Match.EXACT;
                case "^~" -> Match.NOREGEX;
                case "~" -> Match.REGEX;
                case "~*" -> Match.IREGEX;
                default -> throw ConfigError.at(d, "invalid location modifier \"" + d.arg(0) + "\"");
            };
            pattern = d.arg(1);
        } else {
            pattern = d.arg(0);
            match = pattern.startsWith("@") ? Match.NAMED : Match.PREFIX;
        }
        if (parent != null) checkNesting(d, match, pattern, parent);
        Pattern regex = null;
        if (match.isRegex()) {
            try {
                regex = Pattern.compile(pattern, match == Match.IREGEX ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException e) {
                throw ConfigError.at(d, "pcre_compile() failed: " + e.getDescription() + " in \"" + pattern + "\"");
            }
        }
        SettingsBuilder settings = new SettingsBuilder(parentValues, scope);
        List<Directive> nested = new ArrayList<>();
        for (Directive c : d.block()) {
            if (c.name().equals("location")) nested.add(c);
            else if (!settings.apply(c)) throw ConfigError.at(c, "\"" + c.name() + "\" directive is not allowed here");
        }
        Settings built = settings.build();
        checkProxyPass(d, match, pattern, built.proxyPass());
        if (built.alias() && match.isRegex() && built.root() != null && !built.root().contains("$")) {
            // nginx requires captures in a regex location's alias; without them every file maps to one path.
            warnings.add("alias in a regex location without captures maps every request to \"" + built.root() + "\" in " + d.where());
        }
        Location self = new Location(match, pattern, regex, built, List.of(), d.file(), d.line());
        List<Location> children = locations(nested, settings.values(), self);
        return new Location(match, pattern, regex, built, children, d.file(), d.line());
    }

    private static void checkNesting(Directive d, Match match, String pattern, Location parent) {
        if (match == Match.NAMED) throw ConfigError.at(d, "location \"" + pattern + "\" could not be inside the named location \"" + parent.pattern() + "\"");
        if (parent.match() == Match.EXACT) {
            throw ConfigError.at(d, "location \"" + pattern + "\" cannot be inside the exact location \"" + parent.pattern() + "\"");
        }
        if (parent.match() == Match.NAMED) {
            throw ConfigError.at(d, "location \"" + pattern + "\" cannot be inside the named location \"" + parent.pattern() + "\"");
        }
        if (!match.isRegex() && !parent.match().isRegex() && !pattern.startsWith(parent.pattern())) {
            throw ConfigError.at(d, "location \"" + pattern + "\" is outside location \"" + parent.pattern() + "\"");
        }
    }

    private void checkProxyPass(Directive d, Match match, String pattern, ProxyPass p) {
        if (p == null || p.dynamic() != null || p.uriPart() == null) return;
        if (match.isRegex() || match == Match.NAMED) {
            Directive pp = d.block().stream().filter(x -> x.name().equals("proxy_pass")).findFirst().orElse(d);
            throw ConfigError.at(pp, "\"proxy_pass\" cannot have URI part in location given by regular expression, "
                    + "or inside named location, or inside \"if\" statement, or inside \"limit_except\" block");
        }
        String uri = p.uriPart();
        if (match != Match.EXACT && !pattern.endsWith("/") && uri.endsWith("/")) {
            warnings.add("location \"" + pattern + "\" has no trailing slash but proxy_pass URI \"" + uri + "\" has one: \""
                    + pattern + "/x\" goes upstream as \"" + uri + "/x\" (double slash) in " + d.where());
        } else if (match != Match.EXACT && pattern.endsWith("/") && !uri.endsWith("/")) {
            warnings.add("location \"" + pattern + "\" ends in a slash but proxy_pass URI \"" + uri + "\" does not: \""
                    + pattern + "x\" goes upstream as \"" + uri + "x\" (glued segments) in " + d.where());
        }
    }

    private static Listen listen(Directive d) {
        String addr = d.arg(0);
        String host = null;
        String portText = addr;
        int colon = addr.lastIndexOf(':');
        if (colon >= 0) {
            host = addr.substring(0, colon);
            portText = addr.substring(colon + 1);
            if (host.equals("*")) host = null;
        } else if (!addr.chars().allMatch(Character::isDigit)) {
            host = addr;
            portText = "80";
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw ConfigError.at(d, "invalid port in \"" + addr + "\" of the \"listen\" directive");
        }
        if (port < 1 || port > 65535) throw ConfigError.at(d, "invalid port in \"" + addr + "\" of the \"listen\" directive");
        boolean def = false;
        boolean ssl = false;
        for (String p : d.args().subList(1, d.args().size())) {
            if (p.equals("default_server") || p.equals("default")) def = true;
            else if (p.equals("ssl")) ssl = true;
            else if (!p.equals("reuseport") && !p.startsWith("backlog=")) throw ConfigError.at(d, "invalid parameter \"" + p + "\"");
        }
        if (host != null && host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return new Listen(host, port, def, ssl);
    }
}
