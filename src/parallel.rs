//! A parallel map over a slice on all cores, in order, the same streamed to a sink in
//! order, two jobs side by side, and a slice's two halves side by side, with std
//! threads only: the work items here (files, documents, chunks of a report, the two
//! sides of a comparison) are few and coarse.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many cores [`map`] spreads over.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `items.iter().map(f).collect()`, spread over the machine's cores. Results keep the
/// order of `items`; a panic in `f` is re-raised here.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            match items.get(i) {
                Some(item) => done.push((i, f(item))),
                None => return done,
            }
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for handle in handles {
            all.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    results.sort_unstable_by_key(|&(i, _)| i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Runs `a` and `b`, at once on two threads when `parallel` (a thread costs more than
/// small jobs do). A panic in either is re-raised here.
pub fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        (a, b.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}

/// `f` of each item, handed to `sink` in the order of `items` as each is ready: for output
/// made in pieces on all cores and written as it comes. Worker `w` of `k` takes items `w`,
/// `w + k`, `w + 2k` ... and hands each over a channel with room for one, so at most two
/// results per worker are in memory at once, and the workers live for the whole job (a
/// thread per round of pieces left each round's memory to a new thread). The first error
/// of `sink` stops the job and is returned; a panic in `f` is re-raised here.
pub fn for_each_in_order<T: Sync, R: Send, E>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().try_for_each(|item| sink(f(item)));
    }
    std::thread::scope(|scope| {
        let f = &f;
        let (handles, receivers): (Vec<_>, Vec<_>) = (0..workers)
            .map(|w| {
                let (send, receive) = std::sync::mpsc::sync_channel(1);
                let handle = scope.spawn(move || {
                    for item in items.iter().skip(w).step_by(workers) {
                        // The receiver is gone when the sink failed: nothing more is wanted.
                        if send.send(f(item)).is_err() {
                            return;
                        }
                    }
                });
                (handle, receive)
            })
            .unzip();
        let mut result = Ok(());
        for i in 0..items.len() {
            // A closed channel means its worker panicked; the join below re-raises it.
            let Ok(r) = receivers[i % workers].recv() else {
                break;
            };
            result = sink(r);
            if result.is_err() {
                break;
            }
        }
        drop(receivers);
        for handle in handles {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
        result
    })
}

/// `f` of each half of `items`, side by side when `parallel`, the results in order: for
/// steps that treat each item alone and are too short to hand out piece by piece. `f` is
/// given the index of the half's first item.
pub fn by_halves<T: Sync, R: Send>(
    parallel: bool,
    items: &[T],
    f: impl Fn(usize, &[T]) -> Vec<R> + Sync,
) -> Vec<R> {
    let middle = items.len() / 2;
    let (first, second) = items.split_at(middle);
    let (mut out, rest) = both(parallel, || f(0, first), || f(middle, second));
    out.extend(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order() {
        let items: Vec<u64> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert!(super::map(&[] as &[u8], |x| *x).is_empty());
    }

    #[test]
    fn for_each_in_order_keeps_order_and_stops_at_the_first_error() {
        let items: Vec<u64> = (0..1000).collect();
        let mut seen = Vec::new();
        let done: Result<(), ()> = super::for_each_in_order(
            &items,
            |x| x * 2,
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(done, Ok(()));
        assert_eq!(seen, items.iter().map(|x| x * 2).collect::<Vec<_>>());

        let mut taken = 0;
        let stopped = super::for_each_in_order(
            &items,
            |x| *x,
            |r| {
                taken += 1;
                if r == 10 {
                    Err(r)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(stopped, Err(10));
        assert_eq!(taken, 11);
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn for_each_in_order_re_raises_a_panic() {
        let items: Vec<u64> = (0..100).collect();
        let _: Result<(), ()> = super::for_each_in_order(
            &items,
            |&x| {
                assert!(x != 7, "item 7");
                x
            },
            |_| Ok(()),
        );
    }

    #[test]
    fn by_halves_keeps_order_and_offsets() {
        let items: Vec<usize> = (0..101).collect();
        for parallel in [false, true] {
            let out = super::by_halves(parallel, &items, |from, half| {
                half.iter()
                    .enumerate()
                    .map(|(k, &x)| (from + k, x))
                    .collect()
            });
            assert_eq!(out, items.iter().map(|&x| (x, x)).collect::<Vec<_>>());
        }
    }

    #[test]
    fn both_returns_each_result_in_place() {
        for parallel in [false, true] {
            assert_eq!(super::both(parallel, || 1, || "two"), (1, "two"));
        }
    }
}
