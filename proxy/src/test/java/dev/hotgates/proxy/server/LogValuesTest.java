package dev.hotgates.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Seconds with milliseconds, as nginx writes $request_time and $msec (truncated, never rounded). */
class LogValuesTest {

    @Test
    void secondsWithThreeDecimals() {
        assertEquals("0.000", RequestContext.seconds(0));
        assertEquals("0.005", RequestContext.seconds(5));
        assertEquals("0.050", RequestContext.seconds(50));
        assertEquals("1.234", RequestContext.seconds(1234));
        assertEquals("60.010", RequestContext.seconds(60_010));
        assertEquals("1795876994.472", RequestContext.seconds(1_795_876_994_472L));
    }
}
