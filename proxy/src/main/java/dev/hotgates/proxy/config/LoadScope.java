package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.LogFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** What directives of the http block need to know while they are loaded. */
record LoadScope(Path dir, Set<String> mapNames, Set<String> upstreamNames, Map<String, LogFormat> logFormats) {

    /** nginx's predefined {@code combined} format. */
    static final String COMBINED = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
            + "\"$http_referer\" \"$http_user_agent\"";

    Template template(Directive d, String text) {
        return Template.compile(d, text, mapNames);
    }

    /** Paths in the file are relative to the file's directory; {@code /dev/stdout} stays as is. */
    String resolvePath(String p) {
        return p.startsWith("/") ? p : dir.resolve(p).toString();
    }
}
