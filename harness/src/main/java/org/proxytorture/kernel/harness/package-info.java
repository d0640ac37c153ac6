/**
 * Not kernel code: the harness's instruments inside the kernel model. The bug catalog's injected
 * faults ({@link org.proxytorture.kernel.harness.Faults}, proxytorture.inject=), the counters of
 * find_proxy_task()'s branches and of the interleaving points taken
 * ({@link org.proxytorture.kernel.harness.Coverage}), and {@link org.proxytorture.kernel.harness.KernelOops},
 * the exception that ends a run where the kernel would die() (raised through Core#oops). Models no
 * kernel file.
 */
package org.proxytorture.kernel.harness;
