package org.proxytorture.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.proxytorture.kernel.sched.CpuMask;
import org.junit.jupiter.api.Tag;

/**
 * kstrtoint(s, 0), kstrtobool() and cpulist_parse() as lib/kstrtox.c and lib/bitmap-str.c read a
 * module parameter (the cpulist cases are lib/test_bitmap.c's parselist_tests where they fit 32 bits).
 */
@Tag("fast")
class KernelParsersTest {
    @ParameterizedTest(name = "kstrtoint(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0", "-1|-1", "+5|5", "2147483647|2147483647", "-2147483648|-2147483648", "0x10|16", "0X1f|31", "010|8", "-0x10|-16",
        "00|0",
        "2147483648|-ERANGE", "-2147483649|-ERANGE", "99999999999999999999999|-ERANGE",
        "''|-EINVAL", "x|-EINVAL", "1.5|-EINVAL", "0x|-EINVAL", "08|-EINVAL", "--1|-EINVAL", "+-1|-EINVAL", "-+1|-EINVAL", "' 1'|-EINVAL", "'1 '|-EINVAL"})
    void kstrtoint(String s, String expect) {
        Kstrtox.Result r = Kstrtox.kstrtoint(s);
        assertEquals(expect, r.ok() ? Integer.toString(r.value()) : r.errno());
    }

    @ParameterizedTest(name = "kstrtobool(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', value = {
        "1|true", "y|true", "Y|true", "yes|true", "yellow|true", "t|true", "true|true", "on|true", "ON|true",
        "0|false", "n|false", "no|false", "f|false", "false|false", "off|false", "of|false",
        "''|-EINVAL", "2|-EINVAL", "o|-EINVAL", "maybe|-EINVAL", "-1|-EINVAL", "enable|-EINVAL"})
    void kstrtobool(String s, String expect) {
        Kstrtox.Result r = Kstrtox.kstrtobool(s);
        assertEquals(expect, r.ok() ? Boolean.toString(r.value() != 0) : r.errno());
    }

    @ParameterizedTest(name = "cpulist_parse(\"{0}\", {1}) = {2}")
    @CsvSource(delimiter = '|', value = {
        "0|32|0", "1|32|1", "0-15|32|0-15", "0-31:1/2|32|0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30",
        "0-31:1/4|32|0,4,8,12,16,20,24,28", "0-31:4/4|32|0-31", "0-31:1/4,32-63:2/4|64|0,4,8,12,16,20,24,28,32-33,36-37,40-41,44-45,48-49,52-53,56-57,60-61",
        "0-31:3/4,32-63:4/4|64|0-2,4-6,8-10,12-14,16-18,20-22,24-26,28-30,32-63",
        "1-10:8/12,8-31:24/29,0-31:0/3|32|1-8,8-31",
        "all|32|0-31", "0, 1, all,  |32|0-31", "all:1/2|32|0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30", "ALL:1/2|32|0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30",
        "N|4|3", "1-N|4|1-3", "0-N:1/2|4|0,2",
        "''|4|''", ",,,|4|''", "  ,|4|''", "1,0|4|0-1", "0,,3|4|0,3",
        "4|4|-ERANGE", "0-4|4|-ERANGE", "3-1|4|-EINVAL", "-1|4|-EINVAL", "0-|4|-EINVAL", "a|4|-EINVAL", "0x1|4|-EINVAL", "0-3:2/1|4|-EINVAL",
        "0-3:1/0|4|-EINVAL", "0-3:1|4|-EINVAL", "alll|4|-EINVAL", "4294967296|4|-EOVERFLOW", "0-4294967296|4|-EOVERFLOW"})
    void cpulistParse(String list, int nbits, String expect) {
        if (expect.startsWith("-E")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuMask.cpulistParse(list, nbits));
            assertTrue(e.getMessage().startsWith(expect), e.getMessage());
            return;
        }
        CpuMask m = CpuMask.cpulistParse(list, nbits);
        assertEquals(expect.isEmpty() ? "" : CpuMask.cpulistParse(expect, nbits).toString(), m.toString());
        assertEquals(expect.isEmpty(), m.weight() == 0);
    }
}
