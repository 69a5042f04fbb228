package dev.hotgates.proxy.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A raw-socket origin that records every request it received in full (head and body, framed by
 * Content-Length or chunked), answers 200 "ok", and on {@code /evil/...} answers badly on purpose.
 * A request cut off in the middle is not recorded: it never reached the origin whole.
 */
final class RecordingBackend implements AutoCloseable {

    record Received(String requestLine, String head, String body) { }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    final List<Received> received = new CopyOnWriteArrayList<>();

    RecordingBackend() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        pool.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    pool.execute(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                String body = readBody(in, head);
                String line = head.substring(0, head.indexOf("\r\n"));
                received.add(new Received(line, head, body));
                String target = line.split(" ")[1];
                out.write(answer(target));
                out.flush();
                if (target.startsWith("/evil/")) return;
            }
        } catch (IOException | RuntimeException e) {
            // a cut-off or malformed request: nothing more is recorded
        }
    }

    private static byte[] answer(String target) {
        String a = switch (target) {
            case "/evil/garbage" -> "HELLO THERE\r\n\r\n";
            case "/evil/tecl" -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n";
            case "/evil/twocl" -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!";
            case "/evil/bighead" -> "HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(40_000) + "\r\nContent-Length: 2\r\n\r\nok";
            case "/evil/truncated" -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part";
            case "/evil/badstatus" -> "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok";
            default -> "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n";
        };
        return a.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) return null;
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) { }
                    return body.toString(StandardCharsets.ISO_8859_1);
                }
                byte[] chunk = in.readNBytes(n);
                if (chunk.length < n) throw new IOException("cut off");
                body.write(chunk);
                line(in);
            }
        }
        int i = lower.indexOf("\r\ncontent-length: ");
        if (i < 0) return "";
        int n = Integer.parseInt(lower.substring(i + 18, lower.indexOf("\r\n", i + 2)).trim());
        byte[] body = in.readNBytes(n);
        if (body.length < n) throw new IOException("cut off");
        return new String(body, StandardCharsets.ISO_8859_1);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("cut off");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
