//! `qsort(3)` over (key, tag) pairs, compared by key alone or by key then
//! tag: the C standard does not make qsort stable (catalogue D21).

use std::cmp::Ordering;

use libc::{c_int, c_void};

/// One element: sorted by `key`; `tag` tells equal keys apart.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub key: i32,
    pub tag: i32,
}

fn ordering(o: Ordering) -> c_int {
    match o {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

extern "C" fn by_key(a: *const c_void, b: *const c_void) -> c_int {
    // SAFETY: qsort passes pointers to two elements of the `Item` array.
    let (a, b) = unsafe { (&*(a as *const Item), &*(b as *const Item)) };
    ordering(a.key.cmp(&b.key))
}

extern "C" fn by_key_then_tag(a: *const c_void, b: *const c_void) -> c_int {
    // SAFETY: as in by_key.
    let (a, b) = unsafe { (&*(a as *const Item), &*(b as *const Item)) };
    ordering((a.key, a.tag).cmp(&(b.key, b.tag)))
}

/// Sorts `items` with the libc's qsort, by key alone or with the tag as a
/// tie-breaker.
pub fn sort(items: &mut [Item], tie_break: bool) {
    let cmp = if tie_break { by_key_then_tag } else { by_key };
    // SAFETY: the slice is valid for its length; the comparator reads two
    // elements and never panics.
    unsafe {
        libc::qsort(
            items.as_mut_ptr() as *mut c_void,
            items.len(),
            std::mem::size_of::<Item>(),
            Some(cmp),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_key() {
        let mut v = [Item { key: 2, tag: 0 }, Item { key: 1, tag: 1 }];
        sort(&mut v, false);
        assert_eq!(v[0].key, 1);
    }
}
