//! The decoder adapters: rxing (its zxing-cpp port and its Java-port
//! multi reader) and rqrr, the latter on an isolated, time-bounded worker
//! thread; each gives [`Found`] codes in the coordinates of its input.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8Source};

use super::Gray;

/// Which binarizer rxing uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bin {
    Hybrid,
    Global,
}

/// A code found by one try, corners in the coordinates of the try's input.
#[derive(Clone, Debug)]
pub struct Found {
    pub text: String,
    pub corners: [[f32; 2]; 4],
}

fn hints() -> DecodeHints {
    DecodeHints::default()
        .with(rxing::DecodeHintValue::TryHarder(true))
        .with(rxing::DecodeHintValue::PossibleFormats([BarcodeFormat::QR_CODE].into_iter().collect()))
}

fn rxing_run<B: Binarizer>(bin: B) -> Vec<Found> {
    let mut bitmap = BinaryBitmap::new(bin);
    let res = catch_unwind(AssertUnwindSafe(|| QrReader.decode_multiple_with_hints(&mut bitmap, &hints())));
    let Ok(Ok(results)) = res else {
        return Vec::new();
    };
    results
        .into_iter()
        .filter_map(|r| {
            let p = r.getPoints();
            if p.len() < 4 {
                return None;
            }
            Some(Found {
                text: r.getText().to_string(),
                // rxing's port gives TL, TR, BL, BR of the symbol.
                corners: [[p[0].x, p[0].y], [p[1].x, p[1].y], [p[3].x, p[3].y], [p[2].x, p[2].y]],
            })
        })
        .collect()
}

fn java_run<B: Binarizer>(bin: B) -> Vec<Found> {
    use rxing::multi::qrcode::QRCodeMultiReader;
    let mut bitmap = BinaryBitmap::new(bin);
    let res = catch_unwind(AssertUnwindSafe(|| {
        QRCodeMultiReader::default().decode_multiple_with_hints(&mut bitmap, &hints())
    }));
    let Ok(Ok(results)) = res else {
        return Vec::new();
    };
    results
        .into_iter()
        .filter_map(|r| {
            let p = r.getPoints();
            if p.len() < 3 {
                return None;
            }
            // Finder-pattern centres: bottom-left, top-left, top-right.
            let (bl, tl, tr) = ([p[0].x, p[0].y], [p[1].x, p[1].y], [p[2].x, p[2].y]);
            let br = [tr[0] + bl[0] - tl[0], tr[1] + bl[1] - tl[1]];
            let c = [(bl[0] + tr[0]) / 2.0, (bl[1] + tr[1]) / 2.0];
            let out = |q: [f32; 2]| [c[0] + (q[0] - c[0]) * 1.15, c[1] + (q[1] - c[1]) * 1.15];
            Some(Found { text: r.getText().to_string(), corners: [out(tl), out(tr), out(br), out(bl)] })
        })
        .collect()
}

pub fn java_decode(g: &Gray, bin: Bin) -> Vec<Found> {
    if g.width < 21 || g.height < 21 {
        return Vec::new();
    }
    let Ok(src) = Luma8Source::new_with_slice(&g.data, g.width, g.height) else {
        return Vec::new();
    };
    match bin {
        Bin::Hybrid => java_run(HybridBinarizer::new(src)),
        Bin::Global => java_run(GlobalHistogramBinarizer::new(src)),
    }
}

pub fn rxing_decode(g: &Gray, bin: Bin) -> Vec<Found> {
    if g.width < 21 || g.height < 21 {
        return Vec::new();
    }
    let Ok(src) = Luma8Source::new_with_slice(&g.data, g.width, g.height) else {
        return Vec::new();
    };
    match bin {
        Bin::Hybrid => rxing_run(HybridBinarizer::new(src)),
        Bin::Global => rxing_run(GlobalHistogramBinarizer::new(src)),
    }
}

/// Longest time one rqrr run may take. rqrr cannot be interrupted: its
/// finder-pattern grouping clones the whole image per candidate pair (47 s on
/// one photo of the corpus), so it runs on a worker thread that is abandoned
/// (left to finish on its own) past this time.
const RQRR_TIMEOUT: Duration = Duration::from_millis(1500);
/// Abandoned rqrr workers still running; no new one starts while there are
/// this many, so a batch of hostile images cannot pile up threads.
const RQRR_MAX_ABANDONED: usize = 2;
static RQRR_RUNNING: AtomicUsize = AtomicUsize::new(0);

fn rqrr_inner(g: &Gray) -> Vec<Found> {
    let (w, h) = (g.width as usize, g.height as usize);
    let data = &g.data;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| data[y * w + x]);
    let mut out = Vec::new();
    for grid in img.detect_grids() {
        if let Ok((_, text)) = grid.decode() {
            let b = grid.bounds;
            out.push(Found {
                text,
                corners: [
                    [b[0].x as f32, b[0].y as f32],
                    [b[1].x as f32, b[1].y as f32],
                    [b[2].x as f32, b[2].y as f32],
                    [b[3].x as f32, b[3].y as f32],
                ],
            });
        }
    }
    out
}

/// Runs `f` on a worker thread with panics caught; gives up waiting after
/// `timeout` (the worker is then abandoned and finishes on its own). `None`
/// for a panic, a timeout, or when too many abandoned workers still run.
pub(crate) fn isolated<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static, timeout: Duration) -> Option<T> {
    if timeout.is_zero() || RQRR_RUNNING.load(Ordering::SeqCst) > RQRR_MAX_ABANDONED {
        return None;
    }
    let (tx, rx) = mpsc::channel();
    RQRR_RUNNING.fetch_add(1, Ordering::SeqCst);
    let spawned = std::thread::Builder::new().name("buildcert-scan-worker".into()).spawn(move || {
        let r = catch_unwind(AssertUnwindSafe(f)).ok();
        RQRR_RUNNING.fetch_sub(1, Ordering::SeqCst);
        if let Some(r) = r {
            let _ = tx.send(r);
        }
    });
    if spawned.is_err() {
        RQRR_RUNNING.fetch_sub(1, Ordering::SeqCst);
        return None;
    }
    rx.recv_timeout(timeout).ok()
}

/// rqrr on a worker thread, panics caught, bounded in time (see [`RQRR_TIMEOUT`]).
pub fn rqrr_decode(g: &Gray, deadline: Option<Instant>) -> Vec<Found> {
    let mut timeout = RQRR_TIMEOUT;
    if let Some(d) = deadline {
        timeout = timeout.min(d.saturating_duration_since(Instant::now()));
    }
    let g = g.clone();
    isolated(move || rqrr_inner(&g), timeout).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_panics_are_contained() {
        assert_eq!(isolated(|| -> u32 { panic!("like rqrr issue 54") }, Duration::from_secs(5)), None);
        assert_eq!(isolated(|| 7u32, Duration::from_secs(5)), Some(7));
    }

    #[test]
    fn worker_past_its_time_is_abandoned() {
        let t = Instant::now();
        let r = isolated(|| std::thread::sleep(Duration::from_millis(600)), Duration::from_millis(50));
        assert_eq!(r, None);
        assert!(t.elapsed() < Duration::from_millis(400));
    }

    #[test]
    fn rqrr_on_noise_finds_nothing() {
        let mut x = 1u32;
        let data = (0..200 * 200)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        assert!(rqrr_decode(&Gray::new(200, 200, data), None).is_empty());
    }
}

#[cfg(test)]
mod panic_tests {
    use super::*;

    /// A panic injected into a worker is caught: the try gives nothing,
    /// the caller goes on; a worker past its time is abandoned.
    #[test]
    fn an_injected_panic_in_a_worker_is_caught() {
        let r: Option<u32> = isolated(|| panic!("injected decoder panic"), Duration::from_secs(5));
        assert_eq!(r, None);
        assert_eq!(isolated(|| 7u32, Duration::from_secs(5)), Some(7));
        let slow: Option<u32> = isolated(
            || {
                std::thread::sleep(Duration::from_millis(500));
                1
            },
            Duration::from_millis(10),
        );
        assert_eq!(slow, None, "abandoned past its time");
    }
}
