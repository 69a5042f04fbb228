package dev.hotgates.proxy.routing;

import dev.hotgates.proxy.config.Location;
import dev.hotgates.proxy.config.Model.Match;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;

/**
 * nginx's location search (ngx_http_core_find_location): the longest prefix is remembered; an
 * exact match ends the search; nested locations of the found prefix are searched the same way;
 * then, unless the prefix was {@code ^~}, regexes of the level in file order, first match wins.
 * A URI one slash short of a proxied prefix location is answered with a 301 (auto_redirect).
 */
public final class LocationMatcher {

    /** Outcome: the location (null: none), whether it is the auto-301, and regex captures. */
    public record Result(Location location, boolean slashRedirect, MatchResult captures) {
        static final Result NONE = new Result(null, false, null);
    }

    private enum Kind { FINAL, PREFIX, REDIRECT, NONE }

    private record Step(Kind kind, Result result) { }

    private LocationMatcher() { }

    public static Result find(List<Location> level, String uri, Trace trace) {
        Step s = search(level, uri, trace);
        return s.result;
    }

    private static Step search(List<Location> level, String uri, Trace trace) {
        Location exact = null;
        Location longest = null;
        Location redirect = null;
        for (Location l : level) {
            if (l.match().isRegex()) continue;
            String p = l.pattern();
            if (l.match() == Match.EXACT) {
                boolean hit = uri.equals(p);
                if (trace != null) trace.note(l.label() + "  " + (hit ? "matches exactly" : "is not equal to the URI"));
                if (hit) exact = l;
                else if (l.autoRedirect() && p.length() == uri.length() + 1 && p.startsWith(uri)) redirect = l;
                continue;
            }
            boolean hit = uri.startsWith(p);
            if (hit && (longest == null || p.length() > longest.pattern().length())) longest = l;
            if (!hit && l.autoRedirect() && p.length() == uri.length() + 1 && p.startsWith(uri)) redirect = l;
            if (trace != null) trace.note(l.label() + "  " + (hit ? "is a prefix of the URI (" + p.length() + " chars)"
                    : redirect == l ? "is the URI plus \"/\" and proxied: candidate for a 301" : "is not a prefix"));
        }
        if (exact != null) {
            if (trace != null) trace.note("=> " + exact.label() + " wins: an exact match ends the search");
            return new Step(Kind.FINAL, new Result(exact, false, null));
        }
        if (redirect != null && (longest == null || longest.pattern().length() != uri.length())) {
            if (trace != null) trace.note("=> " + redirect.label() + ": the URI lacks only the trailing slash, so nginx answers 301");
            return new Step(Kind.REDIRECT, new Result(redirect, true, null));
        }
        Step found = longest == null ? new Step(Kind.NONE, Result.NONE) : new Step(Kind.PREFIX, new Result(longest, false, null));
        boolean noregex = false;
        if (longest != null) {
            if (trace != null) trace.note("longest prefix: " + longest.label() + (longest.match() == Match.NOREGEX ? " (^~: regexes are skipped)" : ""));
            noregex = longest.match() == Match.NOREGEX;
            if (!longest.children().isEmpty()) {
                if (trace != null) trace.note("searching inside " + longest.label());
                Step inner = search(longest.children(), uri, trace);
                if (inner.kind == Kind.FINAL || inner.kind == Kind.REDIRECT) return inner;
                if (inner.kind == Kind.PREFIX) found = inner;
            }
        }
        if (!noregex) {
            for (Location l : level) {
                if (!l.match().isRegex()) continue;
                Matcher m = l.regex().matcher(uri);
                boolean hit = m.find();
                if (trace != null) trace.note(l.label() + "  " + (hit ? "regex matches" : "regex does not match"));
                if (!hit) continue;
                if (trace != null) trace.note("=> " + l.label() + " wins: the first matching regex in file order");
                Step r = new Step(Kind.FINAL, new Result(l, false, m.toMatchResult()));
                if (!l.children().isEmpty()) {
                    Step inner = search(l.children(), uri, trace);
                    if (inner.kind != Kind.NONE && inner.kind != Kind.REDIRECT) return new Step(Kind.FINAL, inner.result);
                }
                return r;
            }
        }
        if (found.kind == Kind.PREFIX && trace != null) trace.note("=> " + found.result.location().label() + " wins: longest prefix, no regex matched");
        return found;
    }
}
