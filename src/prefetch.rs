//! A hint to the processor to start loading memory that is needed soon.
//!
//! The duplicate checks keep one table entry per distinct address and password. With a
//! million rows those tables outgrow the processor's caches, and each row would wait for
//! main memory twice. Asking for the entries of the rows a little ahead while the rows
//! are taken in order (`crate::check`) lets those waits overlap with useful work.

/// Starts loading the cache line holding `item`. Does nothing where the target has no
/// such hint (WebAssembly) and never changes what the program computes.
#[inline(always)]
pub fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it never faults and reads nothing into the
    // program; the pointer comes from a live reference. SSE is part of x86_64.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(item).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}
