package org.proxytorture.torture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for summary.json and replay files: a flat object of strings, integers,
 * booleans, null and arrays of strings; written one field per line.
 */
public final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** Parses a flat object; IllegalArgumentException naming what is wrong and where. */
    public static Map<String, Object> parseObject(String text) {
        Json j = new Json(text);
        Map<String, Object> m = j.object();
        if (j.peek() != '\0') throw new IllegalArgumentException("trailing text at offset " + j.i);
        return m;
    }

    public static String str(String v) {
        if (v == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    public static String strings(List<String> l) {
        StringBuilder sb = new StringBuilder("[");
        for (String x : l) sb.append(sb.length() > 1 ? ", " : "").append(str(x));
        return sb.append(']').toString();
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            i++;
            return m;
        }
        do {
            String k = string();
            expect(':');
            if (m.containsKey(k)) throw new IllegalArgumentException("key \"" + k + "\" twice");
            m.put(k, value());
        } while (comma());
        expect('}');
        return m;
    }

    private Object value() {
        char c = peek();
        if (c == '"') return string();
        if (c == '[') {
            i++;
            List<Object> l = new ArrayList<>();
            if (peek() == ']') {
                i++;
                return l;
            }
            do l.add(value()); while (comma());
            expect(']');
            return l;
        }
        for (String lit : new String[] {"null", "true", "false"}) {
            if (s.startsWith(lit, i)) {
                i += lit.length();
                return lit.equals("null") ? null : Boolean.valueOf(lit);
            }
        }
        int st = i;
        if (c == '-') i++;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (st == i || (i == st + 1 && c == '-')) throw new IllegalArgumentException("unexpected '" + c + "' at offset " + st);
        try {
            return Long.parseLong(s.substring(st, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number out of range at offset " + st);
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw new IllegalArgumentException("unterminated string");
            char c = s.charAt(i++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) throw new IllegalArgumentException("unterminated string");
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) throw new IllegalArgumentException("bad \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("bad \\u escape at offset " + i);
                    }
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
    }

    private boolean comma() {
        if (peek() == ',') {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at offset " + i);
        i++;
    }

    private char peek() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i < s.length() ? s.charAt(i) : '\0';
    }
}
