package org.proxytorture.soak.jcstress;

/**
 * A deliberately broken allocator (a test fixture, never used by the soak): SeedAllocator's
 * handing out of the next number without its lock. {@link BrokenAllocatorStress} shows that the
 * jcstress tests catch it.
 */
final class BrokenAllocator {
    private final long limit;
    private long next;

    BrokenAllocator(long limit) {
        this.limit = limit;
    }

    long next() {
        if (next >= limit) return -1;
        long seq = next;
        next = seq + 1;
        return seq;
    }
}
