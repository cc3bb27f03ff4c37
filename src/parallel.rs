//! Work split across the machine's cores.

/// The number of threads to split work across.
pub fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// `work` done on up to [`workers`] consecutive pieces of `items` at once,
/// each piece with a scratch value of its own from `scratch`, kept from call
/// to call (so that buffers are reused). Returns how many pieces there
/// were: `scratch[..n]` holds what each left, in the order of the pieces.
pub fn each_piece<T, S, F>(items: &[T], scratch: &mut Vec<S>, work: F) -> usize
where
    T: Sync,
    S: Send + Default,
    F: Fn(&[T], &mut S) + Sync,
{
    let size = items.len().div_ceil(workers()).max(1);
    let pieces = items.chunks(size);
    let count = pieces.len();
    if scratch.len() < count {
        scratch.resize_with(count, S::default);
    }
    let mut jobs = pieces.zip(scratch.iter_mut());
    let Some((first, first_scratch)) = jobs.next() else {
        return 0;
    };
    std::thread::scope(|scope| {
        let work = &work;
        let others: Vec<_> = jobs
            .map(|(piece, scratch)| scope.spawn(move || work(piece, scratch)))
            .collect();
        // The calling thread takes the first piece rather than wait idle.
        work(first, first_scratch);
        for other in others {
            if let Err(panic) = other.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_items_in_order() {
        let items: Vec<u32> = (0..1001).collect();
        let mut scratch: Vec<Vec<u32>> = Vec::new();
        let copy = |piece: &[u32], out: &mut Vec<u32>| {
            out.clear();
            out.extend_from_slice(piece);
        };
        let count = each_piece(&items, &mut scratch, copy);
        assert_eq!(scratch[..count].concat(), items);
        let count = each_piece(&items[..3], &mut scratch, copy);
        assert_eq!(scratch[..count].concat(), [0, 1, 2]);
        assert_eq!(each_piece(&[] as &[u32], &mut scratch, copy), 0);
    }
}
