package dev.hotgates.proxy.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request target split and normalized as nginx does before location matching
 * (ngx_http_parse_complex_uri): {@code %XX} decoded, {@code .} and {@code ..} segments resolved,
 * adjacent slashes merged. {@code raw} is what the client sent; {@code quoted} says it had a
 * {@code %}-escape, which decides whether nginx re-escapes the URI it sends upstream.
 */
public record RequestTarget(String raw, String rawPath, String uri, String args, boolean quoted) {

    /** Thrown for a target nginx answers with 400. */
    public static final class Invalid extends Exception {
        public Invalid(String why) {
            super(why, null, false, false);
        }
    }

    public static RequestTarget parse(String raw) throws Invalid {
        if (raw.isEmpty() || raw.charAt(0) != '/') throw new Invalid("request target must start with \"/\"");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= ' ' || c == 0x7f) throw new Invalid("control character or space in the request target");
        }
        int q = raw.indexOf('?');
        String rawPath = q < 0 ? raw : raw.substring(0, q);
        String args = q < 0 ? null : raw.substring(q + 1);
        boolean quoted = rawPath.indexOf('%') >= 0;
        String decoded = quoted ? decode(rawPath) : rawPath;
        return new RequestTarget(raw, rawPath, normalize(decoded), args, quoted);
    }

    /** The query string with its {@code ?}, or "" — nginx's {@code $is_args$args}. */
    public String query() {
        return args == null ? "" : "?" + args;
    }

    static String decode(String path) throws Invalid {
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        byte[] in = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b != '%') {
                out.write(b);
                continue;
            }
            if (i + 2 >= in.length) throw new Invalid("incomplete %-escape");
            int hi = Character.digit(in[i + 1], 16);
            int lo = Character.digit(in[i + 2], 16);
            if (hi < 0 || lo < 0) throw new Invalid("invalid %-escape");
            int c = (hi << 4) | lo;
            if (c == 0) throw new Invalid("%00 in the path");
            out.write(c);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Resolves dot segments and merges slashes; {@code ..} above the root is invalid. */
    static String normalize(String path) throws Invalid {
        if (path.indexOf("//") < 0 && path.indexOf("/.") < 0) return path;
        StringBuilder sb = new StringBuilder(path.length());
        int i = 0;
        int n = path.length();
        while (i < n) {
            // at a '/'
            int j = i + 1;
            while (j < n && path.charAt(j) == '/') j++;   // merge_slashes on
            int end = path.indexOf('/', j);
            if (end < 0) end = n;
            String seg = path.substring(j, end);
            boolean last = end == n;
            if (seg.equals(".")) {
                if (last) sb.append('/');
            } else if (seg.equals("..")) {
                int cut = sb.lastIndexOf("/");
                if (cut < 0) throw new Invalid("\"..\" above the root");
                sb.setLength(cut);
                if (last) sb.append('/');
            } else {
                sb.append('/').append(seg);
            }
            i = end;
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** nginx's NGX_ESCAPE_URI: space, {@code #}, {@code %}, {@code ?}, controls and non-ASCII. */
    public static String escape(String uri) {
        byte[] b = uri.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = null;
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            boolean esc = c <= 0x20 || c == '#' || c == '%' || c == '?' || c >= 0x7f;
            if (esc && sb == null) {
                sb = new StringBuilder(b.length + 16);
                sb.append(new String(b, 0, i, StandardCharsets.UTF_8));
            }
            if (sb != null) {
                if (esc) sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
                else sb.append((char) c);
            }
        }
        return sb == null ? uri : sb.toString();
    }
}
