//! `cargo xtask gen`: regenerate the client, or check that it is fresh.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use hostbill_codegen::output::{FileStatus, OutputFile, stale_files, write_files};
use hostbill_codegen::project;

use crate::flags::GenOptions;
use crate::project_root;

/// Runs `gen` and returns the process exit code.
pub(crate) fn run(options: &GenOptions) -> anyhow::Result<ExitCode> {
    let root = project_root();
    let default_spec = root.join(project::MYIP_SPEC);
    let spec = options.spec.clone().unwrap_or_else(|| default_spec.clone());

    let (generation, files, command) = match &options.out {
        None => {
            if options.spec.is_some() && !same_file(&spec, &default_spec) {
                bail!(
                    "`--spec` without `--out` would replace the committed MyIP client; \
                     add `--out <folder>` to write a standalone crate"
                );
            }
            let (generation, files) = project::myip_outputs(&root)?;
            (generation, files, "cargo xtask gen".to_owned())
        }
        Some(out) => {
            let crate_name = options
                .crate_name
                .clone()
                .unwrap_or_else(|| project::default_crate_name(&spec));
            let (generation, files) = project::standalone_outputs(&spec, out, &crate_name)?;
            let command = format!(
                "cargo xtask gen --spec {} --out {} --crate-name {crate_name}",
                spec.display(),
                out.display()
            );
            (generation, files, command)
        }
    };

    let warnings = generation.warnings.len();
    let operations = generation.api.operations.len();
    if options.check {
        return Ok(report_check(&root, &files, &command));
    }

    let statuses = write_files(&files)?;
    let changed = statuses
        .iter()
        .filter(|(_, status)| *status != FileStatus::Unchanged)
        .count();
    for (path, status) in &statuses {
        let verb = match status {
            FileStatus::Unchanged => continue,
            FileStatus::Created => "created",
            FileStatus::Updated => "updated",
        };
        eprintln!("{verb} {}", display_path(&root, path));
    }
    eprintln!(
        "generated {operations} operations from {} into {} files ({changed} changed), with {warnings} warnings",
        display_path(&root, &spec),
        files.len()
    );
    eprintln!("{}", generation.api.example_summary());
    Ok(ExitCode::SUCCESS)
}

fn report_check(root: &Path, files: &[OutputFile], command: &str) -> ExitCode {
    let stale = stale_files(files);
    if stale.is_empty() {
        eprintln!("all {} generated files are up to date", files.len());
        return ExitCode::SUCCESS;
    }
    for path in &stale {
        eprintln!("stale: {}", display_path(root, path));
    }
    eprintln!(
        "error: {} generated files differ from a fresh generation; run `{command}` and commit the result",
        stale.len()
    );
    ExitCode::FAILURE
}

fn same_file(left: &Path, right: &Path) -> bool {
    match (left.canonicalize(), right.canonicalize()) {
        (Ok(left), Ok(right)) => left == right,
        _ => left == right,
    }
}

fn display_path(root: &Path, path: &Path) -> String {
    let absolute: PathBuf = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    absolute
        .strip_prefix(root)
        .map(|relative| relative.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}
