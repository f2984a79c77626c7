//! A bundle is merged in bounded memory: the heap the merge allocates at its peak stays far
//! below the bundle's own size (the whole bundle read into memory would take more than the
//! file). Counted by a global allocator, so it fails if a pass ever holds the file whole. One
//! test in this file: the counter is the process's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use danvan::demo::{self, DemoOptions};
use danvan::domain::bundle::BundleFilter;
use danvan::domain::content::{embedded_files, load};
use danvan::service::bundles::{self, MergeOptions};
use danvan::store::Store;
use time::macros::date;

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn a_bundle_merges_in_far_less_heap_than_its_own_size() {
    let dir = tempfile::tempdir().unwrap();
    let pack = load(&embedded_files()).pack.unwrap();
    let db = dir.path().join("commune.db");
    let opts = DemoOptions {
        people: 600,
        seed: 11,
        today: date!(2026 - 11 - 26),
    };
    demo::create(&db, &pack, &opts).unwrap();
    let bundle = dir.path().join("bundle.json");
    {
        let store = Store::open(&db).unwrap();
        let file = std::io::BufWriter::new(std::fs::File::create(&bundle).unwrap());
        let keys = dir.path().join("keys");
        let (counts, signed, _) =
            bundles::export_signed_streaming(&store, &BundleFilter::default(), &keys, file)
                .unwrap_or_else(|_| panic!("export"));
        assert_eq!(counts.people, 600);
        let mut out = signed.out;
        std::io::Write::flush(&mut out).unwrap();
    }
    let size = std::fs::metadata(&bundle).unwrap().len() as usize;
    let mut target = Store::open(&dir.path().join("province.db")).unwrap();
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let merged = bundles::merge_file(
        &mut target,
        &bundle,
        MergeOptions {
            pack: Some(&pack),
            ..Default::default()
        },
    )
    .unwrap_or_else(|r| panic!("{r:?}"));
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!(merged.summary.people.added, 600, "{:?}", merged.summary);
    assert!(
        peak * 4 < size,
        "the merge's heap peaked at {peak} bytes for a {size}-byte bundle"
    );
}
