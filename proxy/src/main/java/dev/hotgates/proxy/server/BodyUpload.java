package dev.hotgates.proxy.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A request body on its way to the origin: each piece the client sends is written as it comes,
 * and the next is read from the client only once the origin's connection takes more
 * (proxy_send_timeout when it takes nothing for that long).
 */
final class BodyUpload {

    private final RequestCycle client;
    private final OriginTimeouts timeouts;
    private final long sendTimeout;
    private final Runnable onSendTimeout;
    private boolean written;
    private boolean complete;
    private boolean waiting;

    BodyUpload(RequestCycle client, OriginTimeouts timeouts, long sendTimeout, Runnable onSendTimeout) {
        this.client = client;
        this.timeouts = timeouts;
        this.sendTimeout = sendTimeout;
        this.onSendTimeout = onSendTimeout;
    }

    /** A body byte reached an origin: the request may no longer go to another server. */
    boolean written() {
        return written;
    }

    /** The client's last piece has come. */
    boolean complete() {
        return complete;
    }

    /** Waiting for the origin's connection to take more (proxy_send_timeout runs). */
    boolean waiting() {
        return waiting;
    }

    /**
     * A piece of the client's body; ownership passes here. It goes to {@code origin}, or nowhere
     * when that is null or {@code discard}. Returns whether the last piece has now been written.
     */
    boolean take(HttpContent c, Channel origin, boolean discard) {
        boolean last = c instanceof LastHttpContent;
        if (last) complete = true;
        if (origin == null || discard) {
            c.release();
            if (!last) client.readBody();
            return false;
        }
        if (c.content().isReadable()) written = true;
        origin.writeAndFlush(c);
        if (last) return true;
        if (origin.isWritable()) {
            client.readBody();
        } else {
            waiting = true;
            timeouts.armSend(sendTimeout, onSendTimeout);
        }
        return false;
    }

    /** The origin's connection takes bytes again. */
    void originWritable() {
        timeouts.cancelSend();
        if (waiting) {
            waiting = false;
            client.readBody();
        }
    }
}
