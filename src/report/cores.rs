//! Work on a large report's changes spread over the cores, with results in order.
//!
//! Word diffs and key changes are independent from one change to the next, and on a large
//! draft pair they are a good part of the work once alignment is done. Small reports (and
//! `run`, which already compares documents in parallel) stay on the calling thread:
//! threads only pay off for thousands of changes.

use std::sync::{Mutex, PoisonError};

/// Changes handed to a thread at a time: enough to make taking the next piece from the
/// shared queue negligible, few enough that the cores finish at about the same time
/// when the work is uneven (only changed provisions have word diffs).
const PIECE: usize = 256;

/// Below this many items everything runs on the calling thread.
const MIN_PARALLEL: usize = 2048;

fn threads_for(items: usize) -> usize {
    if items < MIN_PARALLEL {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Runs `f` on every piece of `items`, in place, on all cores when there are many.
pub(crate) fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut [T]) + Sync) {
    let threads = threads_for(items.len());
    if threads == 1 {
        return f(items);
    }
    let queue = Mutex::new(items.chunks_mut(PIECE));
    let work = || loop {
        let piece = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
        match piece {
            Some(piece) => f(piece),
            None => break,
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
}

/// `f` of every piece of `items`, in the order of the pieces, computed on all cores when
/// there are many.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads == 1 {
        return vec![f(items)];
    }
    let queue = Mutex::new(items.chunks(PIECE).enumerate());
    let work = || {
        let mut done = Vec::new();
        loop {
            let piece = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            match piece {
                Some((k, piece)) => done.push((k, f(piece))),
                None => return done,
            }
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for helper in helpers {
            done.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|&(k, _)| k);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_once_and_results_in_order() {
        for n in [0, 5, MIN_PARALLEL - 1, MIN_PARALLEL, 10 * PIECE + 17] {
            let mut items: Vec<usize> = (0..n).collect();
            for_each_mut(&mut items, |piece| piece.iter_mut().for_each(|x| *x *= 2));
            assert_eq!(items, (0..n).map(|x| x * 2).collect::<Vec<_>>());
            let sums: Vec<Vec<usize>> = map(&items, |piece| piece.to_vec());
            assert_eq!(sums.concat(), items);
        }
    }
}
