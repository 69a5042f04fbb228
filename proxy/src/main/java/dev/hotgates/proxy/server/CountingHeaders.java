package dev.hotgates.proxy.server;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * Request headers that remember how many Content-Length and Transfer-Encoding lines the client
 * sent. Netty's decoder keeps only the first Content-Length of an HTTP/1.0 request (and may drop
 * one next to Transfer-Encoding), so the duplicate is invisible afterwards (NETTY-PITFALLS §1, §4).
 */
final class CountingHeaders extends DefaultHttpHeaders {

    static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new CountingHeaders();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return new CountingHeaders();
        }
    };

    int contentLengths;
    int transferEncodings;

    CountingHeaders() {
        super(true);
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        count(name);
        return super.add(name, value);
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        count(name);
        return super.add(name, value);
    }

    private void count(CharSequence name) {
        if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) contentLengths++;
        else if (HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) transferEncodings++;
    }

    /** More than one framing field as sent, or both kinds at once. */
    static boolean ambiguousFraming(HttpHeaders h) {
        return h instanceof CountingHeaders c
                && (c.contentLengths > 1 || c.transferEncodings > 1 || c.contentLengths > 0 && c.transferEncodings > 0);
    }
}
