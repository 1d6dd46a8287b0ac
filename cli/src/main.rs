//! `appflow-profile`: see the library for the command.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let status = appflow_profile_cli::run(
        &args,
        &mut std::io::stdin(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(status);
}
