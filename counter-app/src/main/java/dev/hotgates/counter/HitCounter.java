package dev.hotgates.counter;

import java.net.URI;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The count, kept in Redis under {@code hits}. Every call has explicit connect and socket
 * timeouts and a bounded wait for a pooled connection (Jedis waits forever by default), and an
 * INCR is never retried: a reply lost in transit was still applied, and a retry would count twice.
 */
public final class HitCounter implements AutoCloseable {

    /** Redis could not answer; the message says why, for the 503 page. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String KEY = "hits";

    private final JedisPooled redis;
    private final String where;

    public HitCounter(String host, int port, int timeoutMs) {
        this.where = host + ":" + port;
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(32);
        pool.setMaxWait(java.time.Duration.ofMillis(timeoutMs));
        pool.setTestOnBorrow(true);
        pool.setTestWhileIdle(true);
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs).socketTimeoutMillis(timeoutMs).build();
        this.redis = new JedisPooled(pool, new HostAndPort(host, port), client);
    }

    /** From {@code REDIS_URL} (redis://host:port) or {@code REDIS_HOST}/{@code REDIS_PORT}. */
    public static HitCounter fromEnvironment(java.util.Map<String, String> env) {
        String url = env.get("REDIS_URL");
        if (url != null && !url.isBlank()) {
            URI u = URI.create(url);
            return new HitCounter(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), 500);
        }
        return new HitCounter(env.getOrDefault("REDIS_HOST", "redis"), Integer.parseInt(env.getOrDefault("REDIS_PORT", "6379")), 500);
    }

    /** INCR's own return value: the count including this hit. */
    public long hit() throws Unavailable {
        try {
            return redis.incr(KEY);
        } catch (JedisException | java.util.NoSuchElementException e) {
            throw unavailable(e);
        }
    }

    public long current() throws Unavailable {
        try {
            String v = redis.get(KEY);
            return v == null ? 0 : Long.parseLong(v);
        } catch (JedisException | java.util.NoSuchElementException e) {
            throw unavailable(e);
        }
    }

    public void ping() throws Unavailable {
        try {
            redis.ping();
        } catch (JedisException | java.util.NoSuchElementException e) {
            throw unavailable(e);
        }
    }

    private Unavailable unavailable(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.startsWith("LOADING")) return new Unavailable("Redis at " + where + " is loading its data after a restart", e);
        return new Unavailable("Redis at " + where + " is unavailable: " + m, e);
    }

    @Override
    public void close() {
        redis.close();
    }
}
