//! D21: qsort's order of equal keys. glibc (up to 2.36 a merge sort when
//! memory allows) keeps input order in practice; musl's smoothsort does
//! not. Counted over a fixed set of inputs; the fix, a tie-breaking key,
//! makes the order total and the result the same on both.

use muslab_catalogue::Id;
use muslab_report::{Check, Observed};
use muslab_sys::qsort::{sort, Item};

/// Inputs in the fixed set.
pub const INPUTS: usize = 200;

fn show(items: &[Item]) -> String {
    items
        .iter()
        .map(|i| format!("{}{}", i.key, char::from(b'a' + i.tag as u8)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `[1a, 0b, 0c]`: keys 1, 0, 0, tagged by input position.
fn three() -> Vec<Item> {
    [1, 0, 0]
        .iter()
        .enumerate()
        .map(|(i, k)| Item {
            key: *k,
            tag: i as i32,
        })
        .collect()
}

/// The fixed set: arrays of 2..=41 elements with keys 0..4 from a linear
/// congruential generator with a fixed seed, tagged by position.
pub fn fixed_inputs() -> Vec<Vec<Item>> {
    let mut state: u32 = 12345;
    let mut next = move || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (state >> 16) as i32
    };
    (0..INPUTS)
        .map(|n| {
            let len = 2 + n % 40;
            (0..len)
                .map(|i| Item {
                    key: next() % 4,
                    tag: i as i32,
                })
                .collect()
        })
        .collect()
}

/// Whether equal keys kept their input order after sorting.
fn stable(sorted: &[Item]) -> bool {
    sorted
        .windows(2)
        .all(|w| w[0].key != w[1].key || w[0].tag < w[1].tag)
}

fn reordered(tie_break: bool) -> usize {
    fixed_inputs()
        .into_iter()
        .filter(|input| {
            let mut v = input.clone();
            sort(&mut v, tie_break);
            !stable(&v)
        })
        .count()
}

pub fn checks() -> Vec<Check> {
    let mut plain = three();
    sort(&mut plain, false);
    let mut fixed = three();
    sort(&mut fixed, true);
    vec![
        Check::new(Id::D21, "qsort:1a-0b-0c", "qsort([1a 0b 0c]) by key")
            .ok(Observed::text(show(&plain)), ""),
        Check::new(
            Id::D21,
            "qsort:reordered",
            "inputs whose equal keys qsort reorders",
        )
        .ok(
            Observed::Int(reordered(false) as i64),
            format!("of {INPUTS} fixed inputs, 2-41 elements, keys 0-3"),
        ),
        Check::new(
            Id::D21,
            "fix:tie-break:1a-0b-0c",
            "fix: qsort([1a 0b 0c]) by key, then tag",
        )
        .ok(Observed::text(show(&fixed)), ""),
        Check::new(
            Id::D21,
            "fix:tie-break:reordered",
            "fix: inputs reordered with a tie-breaking key",
        )
        .ok(
            Observed::Int(reordered(true) as i64),
            format!("of {INPUTS} fixed inputs"),
        ),
    ]
}
