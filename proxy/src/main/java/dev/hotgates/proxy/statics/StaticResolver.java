package dev.hotgates.proxy.statics;

import dev.hotgates.proxy.config.Location;
import dev.hotgates.proxy.config.Model.Match;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.config.Template;
import dev.hotgates.proxy.config.Vars;
import dev.hotgates.proxy.routing.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Maps a URI to a file as nginx's static, index and try_files modules do, without touching a
 * socket: {@code root} + URI, or {@code alias} in place of the location prefix; a URI ending in
 * "/" tries each {@code index} file by internal redirect; a directory without the slash is a 301.
 */
public final class StaticResolver {

    /** What to do with the request. */
    public sealed interface Outcome permits Serve, Status, SlashRedirect, InternalRedirect, Listing { }

    public record Serve(Path file, BasicFileAttributes attrs) implements Outcome { }

    public record Status(int code) implements Outcome { }

    public record SlashRedirect(String uri) implements Outcome { }

    /** Re-run location matching for {@code uri} ({@code @name} for a named location). */
    public record InternalRedirect(String uri) implements Outcome { }

    public record Listing(Path dir) implements Outcome { }

    private StaticResolver() { }

    /** The file path for a URI under the location's {@code root} or {@code alias}. */
    public static Path fileFor(Location loc, Settings s, String uri, Vars vars) {
        String root = s.documentRoot();
        root = render(root, vars);
        if (s.alias() && loc != null) {
            if (loc.match().isRegex()) return Paths.get(root);
            String rest = loc.match() == Match.EXACT ? "" : uri.substring(Math.min(loc.pattern().length(), uri.length()));
            return Paths.get(root + rest);
        }
        return Paths.get(root + uri);
    }

    public static Outcome resolve(Location loc, Settings s, String method, String uri, Vars vars, Trace trace) {
        if (s.tryFiles() != null) {
            Outcome o = tryFiles(loc, s, uri, vars, trace);
            if (o instanceof Serve sv) {
                if (!insideRoot(loc, s, sv.file())) return new Status(403);
                return method.equals("GET") || method.equals("HEAD") ? sv : new Status(405);
            }
            if (!(o instanceof SlashRedirect r)) return o;
            uri = r.uri();
        }
        boolean getLike = method.equals("GET") || method.equals("HEAD");
        if (!getLike && !method.equals("POST")) {
            if (trace != null) trace.note(method + " is not served from static files: 405");
            return new Status(405);
        }
        Path path = fileFor(loc, s, uri, vars);
        if (uri.endsWith("/")) return index(loc, s, uri, path, vars, trace);
        // lstat() first: for a file that is no link it is the only check besides the open(); a
        // link is followed with stat() and its target checked against the root the long way.
        BasicFileAttributes attrs = linkAttrs(path);
        boolean link = attrs != null && attrs.isSymbolicLink();
        if (link) attrs = attrs(path);
        if (attrs == null) {
            if (trace != null) trace.note("file " + path + " does not exist: 404");
            return new Status(404);
        }
        if (attrs.isDirectory()) {
            if (trace != null) trace.note(path + " is a directory and the URI lacks the slash: 301 to " + uri + "/");
            return new SlashRedirect(uri + "/");
        }
        if (!attrs.isRegularFile()) return new Status(404);
        if (!getLike) {
            Trace.note(trace, "POST to a static file: 405");
            return new Status(405);
        }
        // Traffic finds out by opening the file before the head is written (a 403 that error_page
        // may catch, as nginx's open() does); explain, which opens nothing, asks access().
        if (trace != null && !Files.isReadable(path)) {
            trace.note("file " + path + " is not readable: 403");
            return new Status(403);
        }
        if (!insideRoot(loc, s, path, link)) {
            if (trace != null) trace.note("file " + path + " is a symbolic link that leads out of " + s.documentRoot() + ": 403");
            return new Status(403);
        }
        if (trace != null) trace.note("serve file " + path + " (" + attrs.size() + " bytes)");
        return new Serve(path, attrs);
    }

    private static Outcome index(Location loc, Settings s, String uri, Path dir, Vars vars, Trace trace) {
        for (String name : s.index()) {
            String candidate = render(name, vars);
            if (candidate.startsWith("/")) {
                if (trace != null) trace.note("index " + candidate + " is absolute: internal redirect");
                return new InternalRedirect(candidate);
            }
            Path p = dir.resolve(candidate);
            BasicFileAttributes a = attrs(p);
            if (trace != null) trace.note("index file " + p + (a != null ? " exists: internal redirect to " + uri + candidate : " does not exist"));
            if (a != null) return new InternalRedirect(uri + candidate);
        }
        BasicFileAttributes d = attrs(dir);
        if (d == null || !d.isDirectory()) {
            if (trace != null) trace.note("directory " + dir + " does not exist: 404");
            return new Status(404);
        }
        if (s.autoindex()) {
            if (trace != null) trace.note("no index file; autoindex on: list " + dir);
            return new Listing(dir);
        }
        if (trace != null) trace.note("directory index of " + dir + " is forbidden (no index file, autoindex off): 403");
        return new Status(403);
    }

    private static Outcome tryFiles(Location loc, Settings s, String uri, Vars vars, Trace trace) {
        var args = s.tryFiles();
        for (int i = 0; i < args.size() - 1; i++) {
            String candidate = render(args.get(i), vars);
            boolean wantDir = candidate.endsWith("/");
            Path p = fileFor(loc, s, candidate, vars);
            BasicFileAttributes a = attrs(p);
            boolean hit = a != null && (wantDir ? a.isDirectory() : a.isRegularFile());
            if (trace != null) trace.note("try_files " + args.get(i) + " -> " + p + (hit ? " exists" : " no"));
            if (hit) return wantDir ? new SlashRedirect(candidate) : new Serve(p, a);
        }
        String last = render(args.get(args.size() - 1), vars);
        if (last.startsWith("=")) {
            if (trace != null) trace.note("try_files falls back to status " + last.substring(1));
            return new Status(Integer.parseInt(last.substring(1)));
        }
        if (trace != null) trace.note("try_files falls back to " + last + ": internal redirect");
        return new InternalRedirect(last);
    }

    /**
     * A symbolic link may not lead out of the root (or alias) directory. nginx follows links
     * unless disable_symlinks is set; we refuse the ones that escape, as a safer default.
     */
    static boolean insideRoot(Location loc, Settings s, Path file) {
        return insideRoot(loc, s, file, Files.isSymbolicLink(file));
    }

    private static boolean insideRoot(Location loc, Settings s, Path file, boolean link) {
        String root = s.documentRoot();
        if (root.contains("$") || (s.alias() && loc != null && loc.match().isRegex())) return true;
        // The usual case: the file is no link and its directory was found inside the root within
        // the last second; no need to resolve every component of the path again.
        if (!link && InsideDirs.known(file.getParent(), root)) return true;
        try {
            Path real = file.toRealPath();
            Path rootPath = Paths.get(root);
            // The usual case, no link on the way: the real path already lies under the root as written.
            boolean inside = real.startsWith(rootPath) || real.startsWith(rootPath.toRealPath());
            if (inside && !link) InsideDirs.remember(file.getParent(), root);
            return inside;
        } catch (IOException e) {
            return false;
        }
    }

    /** Text from the configuration, with its variables filled in; plain text is used as it is. */
    private static String render(String text, Vars vars) {
        return text.indexOf('$') < 0 ? text : Template.lenient(text).render(vars);
    }

    /** The attributes of the path itself, not of a link's target ({@code null}: no such file). */
    private static BasicFileAttributes linkAttrs(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    static BasicFileAttributes attrs(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, new LinkOption[0]);
        } catch (IOException e) {
            return null;
        }
    }
}
