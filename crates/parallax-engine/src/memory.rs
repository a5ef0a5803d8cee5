//! Giving freed heap back to the system between analyses.
//!
//! glibc's allocator keeps the pages of freed chunks that lie below live ones, so a process
//! that analysed a large store stays resident at that analysis's peak, and the next
//! analysis's peak lands on top of it. [`release_freed_heap`] asks glibc to return every
//! whole free page (`malloc_trim(0)`). Elsewhere it does nothing: other allocators return
//! large blocks themselves or have no such call.

/// Returns the free pages of every glibc arena to the system; whether any came back.
/// Call it at a quiescent point: glibc locks each arena in turn while it walks them.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[expect(unsafe_code, reason = "malloc_trim is a glibc FFI call")]
pub(crate) fn release_freed_heap() -> bool {
    // SAFETY: malloc_trim takes no pointers and has no caller-side invariants; glibc
    // serialises it with every other allocator call.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Does nothing: only glibc keeps freed pages this way.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn release_freed_heap() -> bool {
    false
}
