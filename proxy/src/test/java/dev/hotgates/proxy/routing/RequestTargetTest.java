package dev.hotgates.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/, /", "/a/b, /a/b", "//a///b, /a/b", "/a/./b, /a/b", "/a/../b, /b", "/a/b/.., /a/", "/a/., /a/",
        "/%61%62c, /abc", "/a%2Fb, /a/b", "/%2e%2e/x/../y, ''", "/a/%2e%2e/b, /b", "/a%20b, /a b", "/x?y=/../z, /x"})
    void normalizesBeforeMatching(String raw, String uri) throws Exception {
        if (uri.isEmpty()) {
            assertThrows(RequestTarget.Invalid.class, () -> RequestTarget.parse(raw));
            return;
        }
        assertEquals(uri, RequestTarget.parse(raw).uri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../etc/passwd", "/a/../../b", "/%00", "/a%zz", "/a%2", "x", ""})
    void refusesWhatNginxAnswersWith400(String raw) {
        assertThrows(RequestTarget.Invalid.class, () -> RequestTarget.parse(raw));
    }

    @ParameterizedTest
    @CsvSource({"/a b, /a%20b", "/a#b, /a%23b", "/100%, /100%25", "/q?, /q%3F", "/ü, /%C3%BC", "/~a, /~a"})
    void escapesLikeNginxEscapeUri(String in, String out) {
        assertEquals(out, RequestTarget.escape(in));
    }
}
