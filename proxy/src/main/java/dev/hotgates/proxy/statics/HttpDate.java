package dev.hotgates.proxy.statics;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * HTTP's date format (RFC 9110's IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT}) for the
 * Date and Last-Modified headers. Netty's {@code DateFormatter} formats the same text through a
 * {@code GregorianCalendar}, whose first use loads the JDK's locale data: tens of milliseconds
 * on the way to the first response. This goes through {@code java.time}, which needs none.
 * The access log's {@code $time_local} ({@code 28/Nov/2026:14:41:37 +0000}) is made here too.
 */
public final class HttpDate {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private HttpDate() { }

    /** The text for a time in milliseconds since the epoch (the milliseconds are dropped). */
    public static String format(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(29).append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
        date(sb, t.getDayOfMonth(), t.getMonthValue(), t.getYear(), ' ').append(' ');
        return clock(sb, t.getHour(), t.getMinute(), t.getSecond()).append(" GMT").toString();
    }

    /** nginx's {@code $time_local}: {@code dd/Mon/yyyy:hh:mm:ss +hhmm}. */
    public static String local(ZonedDateTime t) {
        StringBuilder sb = new StringBuilder(26);
        date(sb, t.getDayOfMonth(), t.getMonthValue(), t.getYear(), '/').append(':');
        clock(sb, t.getHour(), t.getMinute(), t.getSecond()).append(' ');
        int offset = t.getOffset().getTotalSeconds() / 60;
        sb.append(offset < 0 ? '-' : '+');
        offset = Math.abs(offset);
        two(sb, offset / 60);
        return two(sb, offset % 60).toString();
    }

    private static StringBuilder date(StringBuilder sb, int day, int month, int year, char sep) {
        two(sb, day).append(sep).append(MONTHS[month - 1]).append(sep);
        for (int d = 1000; d > 1 && year < d; d /= 10) sb.append('0');
        return sb.append(year);
    }

    private static StringBuilder clock(StringBuilder sb, int hour, int minute, int second) {
        two(sb, hour).append(':');
        two(sb, minute).append(':');
        return two(sb, second);
    }

    private static StringBuilder two(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
