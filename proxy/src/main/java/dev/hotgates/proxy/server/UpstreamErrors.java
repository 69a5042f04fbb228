package dev.hotgates.proxy.server;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The error log's lines about origins, in nginx's words. */
final class UpstreamErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    private static final Map<String, Integer> ERRNO = Map.of(
            "Connection refused", 111, "Connection timed out", 110, "No route to host", 113,
            "Network is unreachable", 101, "Connection reset by peer", 104);

    private UpstreamErrors() { }

    /** "upstream X timed out while connecting, client: ..., request: ...". */
    static void log(String upstream, String what, String during, RequestContext req) {
        LOG.error("upstream {} {} while {}, client: {}, request: \"{}\"", upstream, what, during, req.remoteAddr(), req.get("request"));
    }

    static void noLiveUpstreams(RequestContext req) {
        LOG.error("no live upstreams while connecting to upstream, client: {}, request: \"{}\"", req.remoteAddr(), req.get("request"));
    }

    /** nginx's "(111: Connection refused)", whichever transport (epoll, io_uring, NIO) failed. */
    static String describe(Throwable t) {
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        String reason = m.substring(m.lastIndexOf(": ") + 1).trim();
        Integer errno = ERRNO.get(reason);
        return errno == null ? m : errno + ": " + reason;
    }
}
