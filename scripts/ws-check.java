// Two WebSocket clients on the battle feed: A sends, both must receive it (echo and broadcast);
// then a 1 MiB message, then A closes with 4000. Prints what happened; exits 1 if anything
// is missing. Runs with the JDK alone:  java scripts/ws-check.java ws://localhost/leonidas/ws
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public class WsCheck {
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        final StringBuilder part = new StringBuilder();
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) { got.add(part.toString()); part.setLength(0); }
            ws.request(1);
            return null;
        }
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            got.add("closed " + code + " " + reason);
            return null;
        }
        public void onError(WebSocket ws, Throwable e) { got.add("error " + e); }
        String next() throws InterruptedException {
            String s = got.poll(10, TimeUnit.SECONDS);
            if (s == null) throw new IllegalStateException("nothing arrived within 10 s");
            return s;
        }
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args.length > 0 ? args[0] : "ws://localhost/leonidas/ws");
        HttpClient http = HttpClient.newHttpClient();
        Client a = new Client(), b = new Client();
        WebSocket wa = http.newWebSocketBuilder().buildAsync(uri, a).get(10, TimeUnit.SECONDS);
        System.out.println("A: " + a.next());
        WebSocket wb = http.newWebSocketBuilder().buildAsync(uri, b).get(10, TimeUnit.SECONDS);
        System.out.println("B: " + b.next());
        wa.sendText("Hold the pass", true).get(5, TimeUnit.SECONDS);
        String echo = a.next(), broadcast = b.next();
        System.out.println("A sent \"Hold the pass\"; A got \"" + echo + "\", B got \"" + broadcast + "\"");
        StringBuilder big = new StringBuilder();
        while (big.length() < (1 << 20)) big.append("Molon labe. ");
        big.setLength(1 << 20);
        wb.sendText(big, true).get(10, TimeUnit.SECONDS);
        String bigA = a.next(), bigB = b.next();
        boolean whole = bigA.contentEquals(big) && bigB.contentEquals(big);
        System.out.println("B sent 1048576 characters; both got them " + (whole ? "whole" : "DAMAGED"));
        wa.sendClose(4000, "bye").get(5, TimeUnit.SECONDS);
        String closed = a.next();
        System.out.println("A closed with 4000: " + closed);
        wb.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        boolean ok = echo.equals("Hold the pass") && broadcast.equals("Hold the pass") && whole && closed.equals("closed 4000 bye");
        System.exit(ok ? 0 : 1);
    }
}
