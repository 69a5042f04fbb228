package dev.hotgates.proxy.server;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The small HTML pages nginx answers errors and redirects with (ngx_http_special_response.c). */
public final class Pages {

    public static final String SERVER = "hotgates";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(301, "301 Moved Permanently"), Map.entry(302, "302 Found"), Map.entry(303, "303 See Other"),
            Map.entry(307, "307 Temporary Redirect"), Map.entry(308, "308 Permanent Redirect"),
            Map.entry(400, "400 Bad Request"), Map.entry(401, "401 Authorization Required"),
            Map.entry(402, "402 Payment Required"), Map.entry(403, "403 Forbidden"), Map.entry(404, "404 Not Found"),
            Map.entry(405, "405 Not Allowed"), Map.entry(406, "406 Not Acceptable"),
            Map.entry(408, "408 Request Time-out"), Map.entry(409, "409 Conflict"), Map.entry(410, "410 Gone"),
            Map.entry(411, "411 Length Required"), Map.entry(412, "412 Precondition Failed"),
            Map.entry(413, "413 Request Entity Too Large"), Map.entry(414, "414 Request-URI Too Large"),
            Map.entry(415, "415 Unsupported Media Type"), Map.entry(416, "416 Requested Range Not Satisfiable"),
            Map.entry(421, "421 Misdirected Request"), Map.entry(429, "429 Too Many Requests"),
            Map.entry(500, "500 Internal Server Error"), Map.entry(501, "501 Not Implemented"),
            Map.entry(502, "502 Bad Gateway"), Map.entry(503, "503 Service Temporarily Unavailable"),
            Map.entry(504, "504 Gateway Time-out"), Map.entry(505, "505 HTTP Version Not Supported"),
            Map.entry(507, "507 Insufficient Storage"));

    private Pages() { }

    /** True when nginx has a page for the code (others answer with an empty body). */
    public static boolean hasPage(int code) {
        return TITLES.containsKey(code);
    }

    public static byte[] page(int code) {
        return page(code, null);
    }

    /** {@code detail}: the extra line of the 400 variants ("Request Header Or Cookie Too Large"). */
    public static byte[] page(int code, String detail) {
        String title = TITLES.getOrDefault(code, code + " " + HttpResponseStatus.valueOf(code).reasonPhrase());
        String head = detail == null ? title : code + " " + detail;
        String s = "<html>\r\n<head><title>" + head + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n"
                + (detail == null ? "" : "<center>" + detail + "</center>\r\n")
                + "<hr><center>" + SERVER + "</center>\r\n</body>\r\n</html>\r\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static HttpResponseStatus status(int code) {
        String title = TITLES.get(code);
        return title == null ? HttpResponseStatus.valueOf(code) : new HttpResponseStatus(code, title.substring(4));
    }
}
