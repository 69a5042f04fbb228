package dev.hotgates.proxy.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** The exchange an origin channel currently serves: it receives the origin's response. */
public interface OriginListener {

    void originResponse(HttpResponse response);

    /** Takes ownership of {@code content}. */
    void originContent(HttpContent content);

    void originInactive();

    void originFailed(Throwable cause);

    void originWritable();

    void originReadComplete();
}
