//! Work split across the machine's cores.

/// The number of threads to split work across.
pub fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// `work` done on up to [`workers`] consecutive pieces of `items` at once;
/// the results in the order of the pieces.
pub fn map_pieces<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    let size = items.len().div_ceil(workers()).max(1);
    let mut pieces = items.chunks(size);
    let Some(first) = pieces.next() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let work = &work;
        let others: Vec<_> = pieces.map(|p| scope.spawn(move || work(p))).collect();
        // The calling thread takes the first piece rather than wait idle.
        let mut results = vec![work(first)];
        for other in others {
            match other.join() {
                Ok(result) => results.push(result),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_items_in_order() {
        let items: Vec<u32> = (0..1001).collect();
        let pieces = map_pieces(&items, <[u32]>::to_vec);
        assert_eq!(pieces.concat(), items);
        assert!(map_pieces(&[] as &[u32], <[u32]>::len).is_empty());
    }
}
