//! Command-line parsing for `cargo xtask`.

use std::path::PathBuf;

use anyhow::{Context, bail};

/// Help text for every command.
pub(crate) const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  gen      regenerate the client from the spec

options of gen:
  --check              write nothing; exit with status 1 and list each file
                       that differs from a fresh generation
  --spec <file>        Swagger 2.0 or OpenAPI 3.0 JSON to read
                       (default: spec/myip.swagger.json)
  --out <folder>       write a standalone crate (Cargo.toml, runtime and
                       generated sources, openapi.json) to this folder instead
                       of updating generated-client/ and spec/
  --crate-name <name>  package name of the standalone crate
                       (default: the spec file name up to its first dot,
                       followed by -client)

Set RUST_LOG=debug to see every decision the normaliser takes.";

/// A parsed command line.
#[derive(Debug)]
pub(crate) enum Command {
    Help,
    Gen(GenOptions),
}

/// Options of `cargo xtask gen`.
#[derive(Debug, Default)]
pub(crate) struct GenOptions {
    pub(crate) check: bool,
    pub(crate) spec: Option<PathBuf>,
    pub(crate) out: Option<PathBuf>,
    pub(crate) crate_name: Option<String>,
}

/// Parses the arguments after `cargo xtask`.
pub(crate) fn parse(arguments: &[String]) -> anyhow::Result<Command> {
    let Some((command, rest)) = arguments.split_first() else {
        return Ok(Command::Help);
    };
    match command.as_str() {
        "help" | "--help" | "-h" => Ok(Command::Help),
        "gen"
            if rest
                .iter()
                .any(|argument| argument == "--help" || argument == "-h") =>
        {
            Ok(Command::Help)
        }
        "gen" => parse_gen(rest).map(Command::Gen),
        other => bail!("unknown command `{other}`"),
    }
}

fn parse_gen(arguments: &[String]) -> anyhow::Result<GenOptions> {
    let mut options = GenOptions::default();
    let mut remaining = arguments.iter();
    while let Some(argument) = remaining.next() {
        let (flag, inline_value) = match argument.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (argument.as_str(), None),
        };
        let mut value = || -> anyhow::Result<String> {
            match inline_value.clone() {
                Some(value) => Ok(value),
                None => remaining
                    .next()
                    .cloned()
                    .with_context(|| format!("`{flag}` needs a value")),
            }
        };
        match flag {
            "--check" => options.check = true,
            "--spec" => options.spec = Some(PathBuf::from(value()?)),
            "--out" => options.out = Some(PathBuf::from(value()?)),
            "--crate-name" => options.crate_name = Some(value()?),
            other => bail!("unknown option `{other}` for `gen`"),
        }
    }
    if options.crate_name.is_some() && options.out.is_none() {
        bail!("`--crate-name` names a standalone crate, so it needs `--out <folder>`");
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn gen_with_all_options() {
        let command = parse(&arguments(
            "gen --check --spec a.json --out=/tmp/x --crate-name acme-client",
        ))
        .expect("valid command line");
        let Command::Gen(options) = command else {
            panic!("expected gen, got {command:?}");
        };
        assert!(options.check);
        assert_eq!(options.spec, Some(PathBuf::from("a.json")));
        assert_eq!(options.out, Some(PathBuf::from("/tmp/x")));
        assert_eq!(options.crate_name.as_deref(), Some("acme-client"));
    }

    #[test]
    fn missing_value_rejected() {
        let error = parse(&arguments("gen --spec")).expect_err("no value");
        assert!(
            error.to_string().contains("`--spec` needs a value"),
            "{error}"
        );
    }

    #[test]
    fn unknown_option_rejected() {
        let error = parse(&arguments("gen --frobnicate")).expect_err("unknown");
        assert!(error.to_string().contains("--frobnicate"), "{error}");
    }

    #[test]
    fn crate_name_needs_out() {
        let error = parse(&arguments("gen --crate-name x")).expect_err("needs --out");
        assert!(error.to_string().contains("--out"), "{error}");
    }
}
