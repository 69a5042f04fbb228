package dev.hotgates.leonidas;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /ws}, the battle feed: every text message a warrior sends goes to everyone on the feed,
 * the sender included (so one client sees its own echo and others see the broadcast). A new
 * connection is greeted with how many are listening. Messages up to 2 MiB.
 */
final class BattleFeed {

    static final int MAX_MESSAGE = 2 * 1024 * 1024;

    private final Set<WsContext> warriors = ConcurrentHashMap.newKeySet();

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setMaxTextMessageSize(MAX_MESSAGE);
            ctx.enableAutomaticPings();
            warriors.add(ctx);
            ctx.send("welcome: " + warriors.size() + " on the feed");
        });
        ws.onMessage(ctx -> {
            String text = ctx.message();
            for (WsContext w : warriors) {
                if (w.session.isOpen()) w.send(text);
            }
        });
        ws.onClose(ctx -> warriors.remove(ctx));
        ws.onError(ctx -> warriors.remove(ctx));
    }
}
