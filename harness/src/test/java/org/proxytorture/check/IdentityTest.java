package org.proxytorture.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.Explorer;
import org.junit.jupiter.api.Tag;

/** A failure identity prints as checker/invariant[roles] and reads back to the same value. */
@Tag("fast")
class IdentityTest {

    @Test
    void anIdentityPrintsAsBeforeAndParsesBack() {
        Identity id = Identity.of("accounting", "A1", "charged=lock_torture_wr", "running=lock_torture_rd");
        assertEquals("accounting/A1[charged=lock_torture_wr, running=lock_torture_rd]", id.toString());
        assertEquals(id, Identity.parse(id.toString()));
        Identity warn = Identity.of("warn", "throttle_cfs_rq_work: p->throttled || !list_empty(&p->throttle_node)");
        assertEquals("warn/throttle_cfs_rq_work: p->throttled || !list_empty(&p->throttle_node)[]", warn.toString());
        assertEquals(warn, Identity.parse(warn.toString()));
    }

    @Test
    void everyCatalogIdentityRoundTrips() {
        for (BugCatalog b : BugCatalog.values())
            for (Identity id : b.expected) assertEquals(id, Identity.parse(id.toString()), b.id);
    }

    @Test
    void theRolesAreTheBracketsThatEndTheText() {
        Identity id = Identity.parse("warn/f: a[i] != b[]");
        assertEquals("f: a[i] != b", id.invariant());
        assertEquals(List.of(), id.roles());
        assertEquals("oops", Identity.parse("oops/NullPointerException[Fair.pickEevdf]").checker());
        assertThrows(IllegalArgumentException.class, () -> Identity.parse("no-slash"));
        assertThrows(IllegalArgumentException.class, () -> Identity.parse("/A1[]"));
    }

    @Test
    void aWarnIsItsTextWithoutPidsAndNumbers() {
        assertEquals("warn/__schedule: pick_again did not converge on CPU N[]",
                Identity.warn("__schedule: pick_again did not converge on CPU 3").toString());
        assertEquals(Identity.of("warn", "lock_torture_writer woke lock_torture_wr on CPU N"),
                Identity.warn("lock_torture_writer woke lock_torture_wr:12 on CPU 7"));
    }

    @Test
    void anOopsIsTheExceptionAndTheMethodItWasThrownIn() {
        Identity id = Identity.oops(new IllegalStateException("boom"));
        assertEquals(Identity.of("oops", "IllegalStateException", "IdentityTest.anOopsIsTheExceptionAndTheMethodItWasThrownIn"), id);
    }

    @Test
    void wantingAnInvariantWithoutRolesAcceptsAnyRolesButNotAnotherInvariant() {
        Explorer.Want any = Explorer.Want.parse("migration/INV-P1");
        assertTrue(any.test(Identity.of("migration", "INV-P1", "donor=lock_torture_wr")));
        assertFalse(any.test(Identity.of("migration", "INV-P10", "donor=lock_torture_wr")));
        Explorer.Want exact = Explorer.Want.parse("migration/INV-P1[donor=lock_torture_wr]");
        assertTrue(exact.test(Identity.of("migration", "INV-P1", "donor=lock_torture_wr")));
        assertFalse(exact.test(Identity.of("migration", "INV-P1", "owner=lock_torture_wr")));
        assertFalse(exact.test(null));
    }
}
