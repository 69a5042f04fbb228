package dev.hotgates.proxy.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.codec.DateFormatter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Our date texts against the libraries that format them the slow way. */
class HttpDateTest {

    @Test
    void imfFixdateAsNettyFormatsIt() {
        // From 1900 to 9999: before 1582 java.util's calendar is Julian, HTTP's is not.
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(784111777_000L));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDate.format(999));
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(-2_208_988_800_000L, 253_402_300_799_000L);
            assertEquals(DateFormatter.format(new Date(millis)), HttpDate.format(millis), "at " + millis);
        }
    }

    @Test
    void timeLocalAsNginxWritesIt() {
        DateTimeFormatter nginx = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
        SplittableRandom random = new SplittableRandom(7);
        for (String zone : new String[] {"UTC", "Europe/Athens", "America/St_Johns", "Asia/Kolkata", "Pacific/Marquesas", "Asia/Kathmandu"}) {
            for (int i = 0; i < 2_000; i++) {
                ZonedDateTime t = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L)).atZone(ZoneId.of(zone));
                assertEquals(nginx.format(t), HttpDate.local(t), zone + " " + t);
            }
        }
        assertEquals("28/Nov/2026:14:41:37 -0930",
                HttpDate.local(ZonedDateTime.of(2026, 11, 28, 14, 41, 37, 0, ZoneId.of("Pacific/Marquesas"))));
    }
}
