//! `appflow-profile`: see the library for the command.

/// Checking allocates many small, short-lived values (trees, lowered documents, findings); glibc's
/// malloc and free were a third of the command's instructions on a large template.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    appflow_profile_cli::allocator::keep_freed_memory();
    let args: Vec<String> = std::env::args().collect();
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdin());
    let status = appflow_profile_cli::run_interactive(
        &args,
        &mut std::io::stdin(),
        terminal,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(status);
}
