// ParallelFor: the one way henhouse keeps every core busy over independent
// items (ballots, proofs). No pool outlives the call, so there is no hidden
// global state.
#ifndef HENHOUSE_BASE_PARALLEL_H_
#define HENHOUSE_BASE_PARALLEL_H_

#include <cstddef>
#include <functional>

#include "henhouse/base/status.h"

namespace henhouse {

// HardwareThreads returns the number of cores to use (at least 1), honouring
// the HENHOUSE_THREADS environment variable when it is set.
size_t HardwareThreads();

// ParallelFor calls fn(i) for every i in [0, n) on up to `threads` threads
// (0 means HardwareThreads()). Items are handed out in chunks of `chunk`.
// fn must be safe to call concurrently for different i.
void ParallelFor(size_t n, const std::function<void(size_t)>& fn, size_t threads = 0,
                 size_t chunk = 1);

// ParallelForStatus is ParallelFor for fallible work: it stops handing out
// items after the first failure and returns the failure with the lowest index
// among those that ran.
Status ParallelForStatus(size_t n, const std::function<Status(size_t)>& fn,
                         size_t threads = 0, size_t chunk = 1);

}  // namespace henhouse

#endif  // HENHOUSE_BASE_PARALLEL_H_
