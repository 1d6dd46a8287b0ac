//! The binary's allocator set-up (`appflow_profile_cli::allocator`) names the mimalloc option it
//! means: libmimalloc-sys has no constant for it, so its place is checked against mimalloc's
//! own list of its options, which it prints in `mi_option_t` order when asked to be verbose.

use std::process::Command;

use appflow_profile_cli::allocator::{keep_freed_memory, PURGE_DELAY};

#[test]
fn the_purge_delay_is_the_option_mimalloc_names_so() {
    let output = Command::new(env!("CARGO_BIN_EXE_appflow-profile"))
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .output()
        .expect("the command runs");
    assert!(output.status.success());
    let listed = String::from_utf8_lossy(&output.stderr);
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|line| line.strip_prefix("option '")?.split('\'').next())
        .collect();
    assert!(names.len() > 20, "mimalloc lists its options: {listed}");
    assert_eq!(names[PURGE_DELAY as usize], "purge_delay");
}

#[test]
fn freed_memory_is_kept() {
    keep_freed_memory();
    // SAFETY: reads one of mimalloc's options.
    let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
    assert_eq!(delay, -1, "never purged");
}
