package dev.hotgates.proxy.statics;

import dev.hotgates.proxy.config.Settings;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Sends a static file as nginx does: Content-Type from {@code types}, Last-Modified, ETag
 * ({@code "<mtime hex>-<size hex>"}), Accept-Ranges; 304 for a matching If-None-Match /
 * If-Modified-Since (exact); one byte range → 206, unsatisfiable → 416. The body goes as a
 * zero-copy file region, or read into the response when small.
 */
public final class FileResponses {

    private FileResponses() { }

    public static String etag(BasicFileAttributes a) {
        return "\"" + Long.toHexString(a.lastModifiedTime().toMillis() / 1000) + "-" + Long.toHexString(a.size()) + "\"";
    }

    public static String contentType(Path file, Settings s) {
        return contentType(file.getFileName().toString(), s);
    }

    /** The type for a name or URI by its extension, else {@code default_type}. */
    public static String contentType(String name, Settings s) {
        int slash = name.lastIndexOf('/');
        if (slash >= 0) name = name.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : s.types().get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type == null ? s.defaultType() : type;
    }

    /** The status nginx answers when {@code open()} fails this way. */
    public static int openFailure(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return 403;
        if (e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.NotDirectoryException) return 404;
        return 500;
    }

    /**
     * Sends the response for {@code f}, opened by {@link OpenFiles#open} before any byte of the
     * answer was written (as nginx does, so a file that cannot be opened is still a clean 403 or
     * 404); this is done with it in every case.
     */
    public static ChannelFuture write(ChannelHandlerContext ctx, HttpRequest req, OpenFiles.Opened f, Path file, BasicFileAttributes a,
                                      Settings s, int override, boolean keepAlive, Consumer<HttpResponse> finish,
                                      BiConsumer<Integer, Long> sent) {
        long size = a.size();
        long mtime = a.lastModifiedTime().toMillis() / 1000 * 1000;
        String etag = s.etag() ? etag(a) : null;
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders h = r.headers();
        h.set("Content-Type", contentType(file, s));
        if (etag != null) h.set("ETag", etag);
        long start = 0;
        long length = size;
        if (override > 0) {
            r.setStatus(HttpResponseStatus.valueOf(override));
            if (override == 200) h.set("Accept-Ranges", "bytes");
        } else if (notModified(req, etag, mtime)) {
            r.setStatus(HttpResponseStatus.NOT_MODIFIED);
            h.remove(HttpHeaderNames.CONTENT_TYPE);
            h.set("Last-Modified", HttpDate.format(mtime));
            finish.accept(r);
            sent.accept(304, 0L);
            f.done();
            ctx.write(r);
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            long[] range = range(req.headers().get(HttpHeaderNames.RANGE), size);
            if (range == null || range.length != 2) h.set("Accept-Ranges", "bytes");
            if (range != null && range.length == 2) {
                start = range[0];
                length = range[1] - range[0] + 1;
                r.setStatus(HttpResponseStatus.PARTIAL_CONTENT);
                h.set("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
            }
        }
        h.set("Content-Length", length);
        // nginx's header filter keeps Last-Modified only on 200, 206 and 304.
        int code = r.status().code();
        if (code == 200 || code == 206) h.set("Last-Modified", HttpDate.format(mtime));
        finish.accept(r);
        boolean head = req.method().name().equals("HEAD");
        sent.accept(r.status().code(), head ? 0L : length);
        ctx.write(r);
        if (head || length == 0) {
            f.done();
        } else {
            try {
                if (length <= SMALL_FILE) {
                    // A small file is read into the response's own buffer and leaves in one write
                    // with the head: cheaper than setting up sendfile()/splice() for a few bytes.
                    return ctx.writeAndFlush(new DefaultLastHttpContent(read(ctx, f, file, start, (int) length),
                            io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE));   // no trailers: no header table
                }
                // sendfile() cannot go through TLS: there the file is read in chunks and encrypted.
                // (Files this large are never kept open: the region or chunks close the channel.)
                ctx.write(ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null
                        ? new DefaultFileRegion(f.channel(), start, length)
                        : new io.netty.handler.stream.ChunkedNioFile(f.channel(), start, length, 16 * 1024));
            } catch (IOException e) {
                f.done();
                return ctx.close();
            }
        }
        return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** Files up to this size are read into memory rather than sent with sendfile()/splice(). */
    static final int SMALL_FILE = 16 * 1024;

    private static io.netty.buffer.ByteBuf read(ChannelHandlerContext ctx, OpenFiles.Opened f, Path file, long start, int length)
            throws IOException {
        io.netty.buffer.ByteBuf buf = ctx.alloc().ioBuffer(length);
        try {
            int at = 0;
            while (at < length) {
                int n = buf.writeBytes(f.channel(), start + at, length - at);
                if (n < 0) throw new IOException("file shrank while being read");
                at += n;
            }
            return buf;
        } catch (IOException e) {
            buf.release();
            if (f.kept()) OpenFiles.forget(file);
            throw e;
        } finally {
            f.done();
        }
    }

    /** Whether the Range header makes this an unsatisfiable request (416), before writing anything. */
    public static boolean unsatisfiable(HttpRequest req, BasicFileAttributes a) {
        long[] range = range(req.headers().get(HttpHeaderNames.RANGE), a.size());
        return range != null && range.length == 0;
    }

    static boolean notModified(HttpRequest req, String etag, long mtime) {
        String inm = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        String ims = req.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (inm == null && ims == null) return false;
        if (ims != null) {
            Date d = DateFormatter.parseHttpDate(ims);
            if (d == null || d.getTime() != mtime) return false;
        }
        if (inm != null) {
            if (etag == null) return false;
            boolean any = false;
            for (String t : inm.split(",")) {
                String tag = t.trim();
                if (tag.startsWith("W/")) tag = tag.substring(2);
                if (tag.equals("*") || tag.equals(etag)) any = true;
            }
            return any;
        }
        return true;
    }

    /** {@code null}: no usable single range (serve all); empty: unsatisfiable; else {first, last}. */
    static long[] range(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) return null;
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long first;
            long last;
            if (a.isEmpty()) {
                if (b.isEmpty()) return null;
                long suffix = Long.parseLong(b);
                if (suffix == 0) return new long[0];
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(a);
                last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
                if (!b.isEmpty() && Long.parseLong(b) < first) return null;
            }
            if (first >= size) return new long[0];
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
