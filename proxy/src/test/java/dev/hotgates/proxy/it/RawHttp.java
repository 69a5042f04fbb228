package dev.hotgates.proxy.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A raw HTTP/1.1 client over a socket, for what java.net.http hides: pipelining, 100-continue, bad input. */
public final class RawHttp implements AutoCloseable {

    /** One parsed response; {@code closed} when the connection ended before or after it. */
    public record Response(int status, String head, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).equalsIgnoreCase(name)) return line.substring(c + 1).trim();
            }
            return null;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Reads one response (Content-Length, chunked, or to EOF); null if the connection closed first. */
    public Response read(boolean headRequest) throws IOException {
        String head = readHead();
        if (head == null) return null;
        int status = Integer.parseInt(head.substring(9, 12));
        Response r = new Response(status, head, new byte[0]);
        if (headRequest || status == 204 || status == 304 || status / 100 == 1) return r;
        String cl = r.header("Content-Length");
        String te = r.header("Transfer-Encoding");
        byte[] body;
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) body = readChunked();
        else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
            // A body shorter than its Content-Length is a truncated response, not a response.
            if (body.length < Integer.parseInt(cl)) throw new IOException("truncated: " + body.length + " of " + cl + " bytes");
        }
        else body = in.readAllBytes();
        return new Response(status, head, body);
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** True when the server closed the connection (EOF within the timeout). */
    public boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
            buf.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine();
            int size = Integer.parseInt(line.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) { }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("EOF in chunked body");
            if (b != '\r') sb.append((char) b);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
