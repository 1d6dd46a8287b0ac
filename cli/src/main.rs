//! `appflow-profile`: see the library for the command.

fn main() {
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
