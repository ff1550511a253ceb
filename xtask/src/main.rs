//! Project commands, run as `cargo xtask <command>` (the `xtask` alias in
//! `.cargo/config.toml`). This follows the cargo-xtask convention: project
//! automation is a Rust binary in the workspace, so it needs nothing but the
//! Rust toolchain.

mod flags;
mod gen_command;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .init();

    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let command = match flags::parse(&arguments) {
        Ok(command) => command,
        Err(error) => {
            eprintln!("error: {error:#}\n\n{}", flags::USAGE);
            return ExitCode::from(2);
        }
    };
    let result = match command {
        flags::Command::Help => {
            println!("{}", flags::USAGE);
            Ok(ExitCode::SUCCESS)
        }
        flags::Command::Gen(options) => gen_command::run(&options),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Returns the workspace root, the parent of this crate's folder.
pub(crate) fn project_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
