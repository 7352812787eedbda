//! The image decoding pipeline: a list of "tries" (scale × binarizer × reader ×
//! polarity), cheapest first, run on an 8-bit luma raster.
//!
//! Every try maps the corners it finds back to the coordinates of the raster it
//! was given, and results are merged (same text at the same place = one code).
//!
//! The raster and its operations are in `gray`, the decoder adapters in
//! `readers`, the tries and their lists in `tries`; this module runs them.

mod deblur;
mod gray;
mod mesh;
mod readers;
mod tries;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::Code;

pub use gray::Gray;
pub use readers::{java_decode, rqrr_decode, rxing_decode, Bin, Found};
pub use tries::{all_tries, pipeline, run_try, Pre, Rd, Try};

/// Which grey raster of a colour image a try reads besides luma.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// The darkest of R, G and B ([`Try::MinRgb`]).
    Min,
    /// The brightest of R, G and B ([`Try::MaxRgb`]).
    Max,
}

impl Try {
    /// The raster of a colour image this try reads instead of luma, if any.
    pub fn channel(&self) -> Option<Channel> {
        match self {
            Try::MinRgb { .. } => Some(Channel::Min),
            Try::MaxRgb { .. } => Some(Channel::Max),
            _ => None,
        }
    }
}

use tries::applicable;

/// Whether `deadline` has passed (never, without one): the check every
/// long loop of a try makes, so a slow file gives up inside the work.
fn past(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
}

/// Options of one pipeline run.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Stop after the first try that found a `BC1:` code.
    pub stop_at_bc1: bool,
    /// Stop after the first try that found any code.
    pub stop_at_any: bool,
    /// Give up (keeping what was found) once this instant has passed.
    pub deadline: Option<Instant>,
}

/// Merges `new` codes into `acc`: the same text whose centre lies within the
/// other's extent is one code.
pub fn merge(acc: &mut Vec<Code>, new: Vec<Code>) {
    for c in new {
        let (cx, cy) = c.center();
        let dup = acc.iter().any(|a| {
            if a.text != c.text || a.page != c.page {
                return false;
            }
            let (ax, ay) = a.center();
            let r = a.size().max(c.size()) * 0.5;
            (ax - cx).hypot(ay - cy) <= r.max(2.0)
        });
        if !dup {
            acc.push(c);
        }
    }
}

/// Runs the pipeline on `g`. Returns the codes (corners in `g`'s coordinates)
/// and whether it stopped for the deadline.
pub fn run(g: &Gray, opts: &RunOptions) -> (Vec<Code>, bool) {
    run_color(g, None, opts)
}

/// [`run`] for a colour image: `colour` makes (when first needed) the
/// darkest- or brightest-channel raster of the same size that
/// [`Try::MinRgb`] / [`Try::MaxRgb`] read.
pub fn run_color(g: &Gray, colour: Option<&dyn Fn(Channel) -> Gray>, opts: &RunOptions) -> (Vec<Code>, bool) {
    let tries = pipeline(g);
    let mut acc: Vec<Code> = Vec::new();
    let mut alt: [Option<Gray>; 2] = [None, None];
    let to_codes = |found: Vec<Found>| -> Vec<Code> {
        found.into_iter().map(|f| Code { text: f.text, corners: f.corners, page: None }).collect()
    };
    let stops = |codes: &[Code]| {
        (opts.stop_at_any && !codes.is_empty()) || (opts.stop_at_bc1 && codes.iter().any(Code::is_bc1))
    };
    // After the first two tries (which read most clean codes, BC1 scans
    // included), the rest run on worker threads; on large rasters only the
    // rescue tries (the last ones), to bound memory.
    let rescue = if g.width as u64 * g.height as u64 <= PARALLEL_MAX_PIXELS {
        PARALLEL_FROM.min(tries.len())
    } else {
        tries.iter().position(|t| matches!(t, Try::Pre { .. }) || t.channel().is_some()).unwrap_or(tries.len())
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(RESCUE_WORKERS);
    for (i, &t) in tries.iter().enumerate() {
        if past(opts.deadline) {
            return (acc, true);
        }
        if i == rescue && workers > 1 {
            let rest = &tries[i..];
            if let Some(make) = colour {
                for (slot, ch) in alt.iter_mut().zip([Channel::Min, Channel::Max]) {
                    if slot.is_none() && rest.iter().any(|t| t.channel() == Some(ch)) {
                        *slot = Some(make(ch));
                    }
                }
            }
            let (found, timed_out) = run_parallel(g, [alt[0].as_ref(), alt[1].as_ref()], rest, opts, workers);
            for f in found {
                merge(&mut acc, f);
            }
            return (acc, timed_out);
        }
        let found = if let Some(ch) = t.channel() {
            let Some(make) = colour else { continue };
            let a = alt[ch as usize].get_or_insert_with(|| make(ch));
            if (a.width, a.height) != (g.width, g.height) {
                continue;
            }
            run_try(a, t, opts.deadline)
        } else {
            run_try(g, t, opts.deadline)
        };
        merge(&mut acc, to_codes(found));
        if stops(&acc) {
            break;
        }
    }
    (acc, false)
}

/// Tries run one after the other before the rest go to worker threads.
const PARALLEL_FROM: usize = 2;
/// Largest raster whose early tries run in parallel.
const PARALLEL_MAX_PIXELS: u64 = 12_000_000;

/// Worker threads for the rescue tries (each holds its own copies of the
/// raster: more would cost memory on large images for little gain).
const RESCUE_WORKERS: usize = 2;

/// Runs `tries` on `workers` threads, taking them in order. Returns the codes
/// of each try in the order of `tries`, up to and including the first try
/// whose codes stop the run (as a sequential run would), and whether a try
/// was skipped for the deadline.
fn run_parallel(
    g: &Gray,
    alt: [Option<&Gray>; 2],
    tries: &[Try],
    opts: &RunOptions,
    workers: usize,
) -> (Vec<Vec<Code>>, bool) {
    use std::sync::atomic::AtomicBool;
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let stop_at = AtomicUsize::new(usize::MAX);
    let timed_out = AtomicBool::new(false);
    let results: Vec<Mutex<Vec<Code>>> = tries.iter().map(|_| Mutex::new(Vec::new())).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= tries.len() || i > stop_at.load(Ordering::SeqCst) {
                    break;
                }
                if past(opts.deadline) {
                    timed_out.store(true, Ordering::SeqCst);
                    break;
                }
                let t = tries[i];
                let src = match t.channel() {
                    Some(ch) => match alt[ch as usize] {
                        Some(a) if (a.width, a.height) == (g.width, g.height) => a,
                        _ => continue,
                    },
                    None => g,
                };
                // rxing and rqrr are guarded inside run_try; this guards the rest.
                let found = catch_unwind(AssertUnwindSafe(|| run_try(src, t, opts.deadline))).unwrap_or_default();
                let codes: Vec<Code> =
                    found.into_iter().map(|f| Code { text: f.text, corners: f.corners, page: None }).collect();
                if (opts.stop_at_any && !codes.is_empty()) || (opts.stop_at_bc1 && codes.iter().any(Code::is_bc1)) {
                    stop_at.fetch_min(i, Ordering::SeqCst);
                }
                if let Ok(mut r) = results[i].lock() {
                    *r = codes;
                }
            });
        }
    });
    let stop = stop_at.load(Ordering::SeqCst);
    let out = results
        .into_iter()
        .enumerate()
        .take_while(|(i, _)| *i <= stop)
        .map(|(_, m)| m.into_inner().unwrap_or_default())
        .collect();
    (out, timed_out.load(Ordering::SeqCst))
}

/// The camera fast path: full resolution, then half, stopping at the first code.
pub fn run_frame(g: &Gray) -> Vec<Code> {
    for t in [
        Try::Rxing { scale: 1, bin: Bin::Hybrid, invert: false },
        Try::Rxing { scale: 2, bin: Bin::Hybrid, invert: false },
    ] {
        if !applicable(g, t) {
            continue;
        }
        let found = run_try(g, t, None);
        if !found.is_empty() {
            let mut acc = Vec::new();
            merge(&mut acc, found.into_iter().map(|f| Code { text: f.text, corners: f.corners, page: None }).collect());
            return acc;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(w: u32, h: u32) -> Gray {
        Gray::new(w, h, (0..w * h).map(|i| (i % 251) as u8).collect())
    }

    #[test]
    fn parallel_rescue_keeps_try_order_and_the_deadline() {
        let g = ramp(300, 300);
        let tries: Vec<Try> = pipeline(&g).into_iter().filter(|t| matches!(t, Try::Pre { .. })).collect();
        assert!(tries.len() >= 4);
        let mut opts = RunOptions { stop_at_bc1: true, stop_at_any: false, deadline: None };
        let (found, timed_out) = run_parallel(&g, [None, None], &tries, &opts, 2);
        assert_eq!(found.len(), tries.len());
        assert!(found.iter().all(|f| f.is_empty()) && !timed_out);
        opts.deadline = Some(Instant::now());
        let (found, timed_out) = run_parallel(&g, [None, None], &tries, &opts, 2);
        assert!(timed_out && found.iter().all(|f| f.is_empty()));
    }

    #[test]
    fn colour_rasters_are_made_once_each_when_needed() {
        use std::cell::RefCell;
        let g = ramp(300, 300);
        let asked = RefCell::new(Vec::new());
        let make = |ch: Channel| {
            asked.borrow_mut().push(ch);
            g.clone()
        };
        let opts = RunOptions { stop_at_bc1: true, stop_at_any: false, deadline: None };
        let (found, timed_out) = run_color(&g, Some(&make), &opts);
        assert!(found.is_empty() && !timed_out);
        let mut asked = asked.into_inner();
        asked.sort_by_key(|c| *c as u8);
        assert_eq!(asked, vec![Channel::Min, Channel::Max]);
        assert_eq!(Try::MaxRgb { scale: 1, bin: Bin::Hybrid }.channel(), Some(Channel::Max));
        assert_eq!(Try::Rxing { scale: 1, bin: Bin::Hybrid, invert: false }.channel(), None);
    }

    #[test]
    fn merge_keeps_distinct_places() {
        let c = |x: f32, t: &str| Code {
            text: t.into(),
            corners: [[x, 0.0], [x + 10.0, 0.0], [x + 10.0, 10.0], [x, 10.0]],
            page: None,
        };
        let mut acc = vec![c(0.0, "A")];
        merge(&mut acc, vec![c(1.0, "A"), c(100.0, "A"), c(0.0, "B")]);
        assert_eq!(acc.len(), 3);
    }
}
