package dev.hotgates.proxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The values of {@code ssl_protocols} and {@code ssl_session_cache}, checked as nginx checks them. */
final class TlsDirectives {

    private static final Set<String> PROTOCOLS = Set.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private TlsDirectives() { }

    static List<String> protocols(Directive d) {
        List<String> out = new ArrayList<>();
        for (String p : d.args()) {
            if (!PROTOCOLS.contains(p)) throw ConfigError.at(d, "invalid value \"" + p + "\"");
            if (p.startsWith("SSL")) throw ConfigError.at(d, "\"" + p + "\" is not supported: it is insecure and the JDK has no implementation of it");
            out.add(p);
        }
        return List.copyOf(out);
    }

    /**
     * {@code off | none | builtin[:N] | shared:NAME:SIZE}: the number of sessions to keep. A shared
     * cache of SIZE holds about 4000 sessions per megabyte, as in nginx; here it is one process.
     */
    static int sessionCache(Directive d) {
        int sessions = 0;
        for (String a : d.args()) {
            if (a.equals("off") || a.equals("none")) {
                sessions = 0;
            } else if (a.equals("builtin")) {
                sessions = Math.max(sessions, 20480);
            } else if (a.startsWith("builtin:")) {
                sessions = Math.max(sessions, Values.positiveInt(d, a.substring(8)));
            } else if (a.startsWith("shared:") && a.indexOf(':', 7) > 7) {
                long bytes = Values.bytes(d, a.substring(a.indexOf(':', 7) + 1));
                sessions = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes * 4000 / (1024 * 1024)));
            } else {
                throw ConfigError.at(d, "invalid session cache \"" + a + "\"");
            }
        }
        return sessions;
    }
}
