package dev.hotgates.leonidas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/**
 * Calls lochagus across the compose network with Jetty's client. Every call has a total deadline,
 * so a slow or dead lochagus becomes a clear error within it, never a hung request.
 */
public final class LochagusClient implements AutoCloseable {

    /** Why lochagus could not be asked: unreachable (502) or too slow (504). */
    public static final class Failure extends Exception {
        final int status;

        Failure(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }
    }

    private final HttpClient http = new HttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final long timeoutMs;

    public LochagusClient(String baseUrl, long connectTimeoutMs, long timeoutMs) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeoutMs = timeoutMs;
        http.setConnectTimeout(connectTimeoutMs);
        http.setIdleTimeout(30_000);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public JsonNode info() throws Failure {
        String url = baseUrl + "/api/info";
        ContentResponse r;
        try {
            r = http.newRequest(url).timeout(timeoutMs, TimeUnit.MILLISECONDS).send();
        } catch (TimeoutException e) {
            throw new Failure(504, "lochagus did not answer within " + timeoutMs + " ms (" + url + ")", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException) {
                throw new Failure(504, "lochagus did not answer within " + timeoutMs + " ms (" + url + ")", c);
            }
            String why = c instanceof ConnectException ? "connection refused" : String.valueOf(c);
            throw new Failure(502, "lochagus is unreachable at " + url + ": " + why, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(502, "interrupted while calling lochagus", e);
        }
        if (r.getStatus() != 200) throw new Failure(502, "lochagus answered " + r.getStatus() + " at " + url, null);
        try {
            return json.readTree(r.getContentAsString());
        } catch (java.io.IOException e) {
            throw new Failure(502, "lochagus answered something that is not JSON at " + url, e);
        }
    }

    @Override
    public void close() throws Exception {
        http.stop();
    }
}
