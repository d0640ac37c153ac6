# Expected to FAIL: lock_busted's writelock does nothing, so two writers hold the "lock" at once.
locktorture.torture_type=lock_busted
