//! Inputs laid out one deal per line, cut into chunks at line ends and
//! parsed on every core: in memory, or read from a regular file a chunk at
//! a time while the chunks before are parsed, so that memory stays a few
//! chunks however large the file.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::{Mutex, mpsc};

use crate::parallel::workers;

use super::{Answer, Decline, Interner, Layout, Partial, Plan, Shaped, trim_json_space};

/// Answers from a body of lines in memory, cut into one stretch per core.
pub(super) fn scan_memory(body: &[u8], layout: &Layout, query: &Shaped) -> Result<Answer, Decline> {
    let plan = Plan::new(query, &layout.listed)?;
    let pieces = split_at_lines(body, workers());
    let partials: Vec<Result<Partial, Decline>> = std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .enumerate()
            .map(|(worker, piece)| {
                let plan = &plan;
                scope.spawn(move || scan_chunk(piece, layout, plan, &mut Interner::new(worker)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err(Decline)))
            .collect()
    });
    let mut whole = plan.partial(&layout.listed);
    for partial in partials {
        whole.append(partial?);
    }
    whole.finish(layout.closing.is_some())
}

/// Answers from a file: one thread reads chunks that end at a line end,
/// the others parse them, and the partial answers are appended in file
/// order as they come. Parsed chunks' buffers go back to the reader.
pub(super) fn stream_file(
    mut file: File,
    layout: &Layout,
    query: &Shaped,
) -> Result<Answer, Decline> {
    file.seek(SeekFrom::Start(layout.body as u64))
        .map_err(|_| Decline)?;
    let plan = Plan::new(query, &layout.listed)?;
    let workers = workers();
    let (chunks_in, chunks_out) = mpsc::sync_channel::<(usize, Vec<u8>)>(workers);
    let chunks_out = Mutex::new(chunks_out);
    let (spare_in, spare_out) = mpsc::channel::<Vec<u8>>();
    // Bounded, so that workers wait for a slow merge (the graph's merge
    // does work for each deal) instead of piling up partial answers.
    let (results_in, results_out) =
        mpsc::sync_channel::<(usize, Result<Partial, Decline>)>(2 * workers);
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let (plan, chunks_out) = (&plan, &chunks_out);
            let (results_in, spare_in) = (results_in.clone(), spare_in.clone());
            scope.spawn(move || {
                let mut names = Interner::new(worker);
                while let Some((index, mut chunk)) = next_chunk(chunks_out) {
                    let result = scan_chunk(&chunk, layout, plan, &mut names);
                    chunk.clear();
                    let _ = spare_in.send(chunk);
                    if results_in.send((index, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((results_in, spare_in));
        let size = plan.chunk_size();
        let reader = scope.spawn(move || {
            let buffer = || spare_out.try_recv().unwrap_or_default();
            read_chunks(&mut file, size, buffer, |index, chunk| {
                chunks_in.send((index, chunk)).is_ok()
            })
        });
        let mut whole = plan.partial(&layout.listed);
        let mut waiting: Vec<(usize, Partial)> = Vec::new();
        let mut failed = false;
        for (index, result) in results_out {
            match result {
                Ok(partial) => waiting.push((index, partial)),
                Err(Decline) => failed = true,
            }
            append_in_order(&mut whole, &mut waiting);
        }
        let read = reader.join().map_err(|_| Decline)?;
        read.map_err(|_| Decline)?;
        if failed || !waiting.is_empty() {
            return Err(Decline);
        }
        if whole.chunks == 0 {
            return Err(Decline);
        }
        whole.finish(layout.closing.is_some())
    })
}

/// The next chunk for a worker, or `None` when there are no more.
fn next_chunk(chunks: &Mutex<mpsc::Receiver<(usize, Vec<u8>)>>) -> Option<(usize, Vec<u8>)> {
    chunks.lock().ok()?.recv().ok()
}

/// Appends every waiting partial whose turn has come.
fn append_in_order(whole: &mut Partial, waiting: &mut Vec<(usize, Partial)>) {
    loop {
        let next = whole.chunks;
        let Some(position) = waiting.iter().position(|(i, _)| *i == next) else {
            return;
        };
        let (_, partial) = waiting.swap_remove(position);
        whole.append(partial);
    }
}

/// Reads the file in chunks that end at a line end (the last one where the
/// file ends) and hands each to `send` with its number, taking buffers from
/// `buffer`.
fn read_chunks(
    file: &mut File,
    size: usize,
    mut buffer: impl FnMut() -> Vec<u8>,
    mut send: impl FnMut(usize, Vec<u8>) -> bool,
) -> io::Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    for index in 0.. {
        let mut chunk = buffer();
        chunk.clear();
        chunk.extend_from_slice(&carry);
        chunk.reserve(size);
        // Reads into the spare capacity, so a recycled buffer is not zeroed.
        let read = Read::by_ref(file)
            .take(size as u64)
            .read_to_end(&mut chunk)?;
        if read == 0 {
            if !chunk.is_empty() {
                send(index, chunk);
            }
            break;
        }
        carry.clear();
        match memchr::memrchr(b'\n', &chunk) {
            Some(end) => {
                carry.extend_from_slice(&chunk[end + 1..]);
                chunk.truncate(end + 1);
                if !send(index, chunk) {
                    break;
                }
            }
            // A line longer than a chunk: keep reading until it ends.
            None => {
                carry = chunk;
                continue;
            }
        }
    }
    Ok(())
}

/// Up to `n` stretches of whole lines.
fn split_at_lines(bytes: &[u8], n: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(n);
    let mut rest = bytes;
    for remaining in (1..=n).rev() {
        if remaining == 1 || rest.is_empty() {
            pieces.push(rest);
            break;
        }
        let target = rest.len() / remaining;
        let cut = memchr::memchr(b'\n', &rest[target..]).map_or(rest.len(), |p| target + p + 1);
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

/// Parses one chunk into a partial answer.
fn scan_chunk(
    bytes: &[u8],
    layout: &Layout,
    plan: &Plan,
    names: &mut Interner,
) -> Result<Partial, Decline> {
    let mut partial = plan.stretch(&layout.listed, names);
    scan_lines(bytes, layout, plan, names, &mut partial)?;
    Ok(partial.end(names))
}

/// Takes in each line of a chunk: a deal, an element of the deals array,
/// or the line that closes it.
fn scan_lines(
    bytes: &[u8],
    layout: &Layout,
    plan: &Plan,
    names: &mut Interner,
    partial: &mut Partial,
) -> Result<(), Decline> {
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |p| start + p);
        let line = trim_json_space(&bytes[start..end]);
        let next = end + 1;
        match layout.closing {
            _ if line.is_empty() => {}
            None => partial.add_text(plan, line, names)?,
            Some(closing) if line.first() == Some(&b']') => {
                // The array closes: nothing else may follow.
                let rest = bytes.get(next..).unwrap_or_default();
                if line != closing || !trim_json_space(rest).is_empty() {
                    return Err(Decline);
                }
                partial.shape.closings += 1;
                return Ok(());
            }
            Some(_) => {
                let (element, comma) = match line.strip_suffix(b",") {
                    Some(element) => (element, true),
                    None => (line, false),
                };
                partial.add_text(plan, element, names)?;
                partial.shape.element(comma);
            }
        }
        start = next;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_whole() {
        let text = b"aa\nbb\ncc\ndd\n";
        let pieces = split_at_lines(text, 3);
        assert_eq!(pieces.concat(), text);
        assert!(pieces.iter().all(|p| p.ends_with(b"\n")));
        assert!(split_at_lines(b"", 2).is_empty());
    }
}
