//! Compiles a standalone crate for every spec in the repository: the real
//! portal specs in `tests/fixtures/specs/`, the MyIP spec and every case in
//! `tests/fixtures/cases/`.
//!
//! The crates go into one Cargo workspace, together with a `corpus-checks`
//! package built from `tests/fixtures/cases/checks.rs`, which calls the
//! generated clients against a loopback server. Then, in that workspace:
//! - `cargo clippy --workspace --all-targets --keep-going -- -D warnings`;
//! - `cargo doc --workspace --no-deps --keep-going` with
//!   `RUSTDOCFLAGS=-D warnings`;
//! - `cargo test --workspace --doc --no-fail-fast`, which must run the
//!   crate-level example of every crate and no example taken from a spec
//!   description;
//! - `cargo test --workspace --test checks`.
//!
//! The workspace is `<target>/corpus/workspace` and builds go to
//! `<target>/corpus`, beside this test's own target folder. Later runs
//! rewrite only the files that changed and reuse the compiled dependencies,
//! and the builds do not wait for the lock of the outer build. A failed run
//! leaves the workspace there for a rerun by hand. A first run compiles the
//! dependencies twice (checked for clippy, built for the tests). On a
//! two-core machine, `cargo test -p hostbill-tests --test corpus` took
//! about four minutes with an empty `<target>/corpus` and 16 seconds when
//! nothing had changed.

// Helpers outside `#[test]` functions fail a test by panicking, too.
#![allow(clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use hostbill_codegen::output::write_files;
use hostbill_codegen::project;
use hostbill_tests::{fixture, workspace_root};

/// Name of the package built from `tests/fixtures/cases/checks.rs`.
const CHECKS_PACKAGE: &str = "corpus-checks";

/// The comment and empty table that keep a standalone crate out of any
/// enclosing workspace. The corpus workspace must include the crate, so the
/// test removes them.
const OWN_WORKSPACE_TABLE: &str =
    "\n# An empty table keeps this crate out of any enclosing workspace.\n[workspace]\n";

/// One spec of the corpus and the package generated from it.
#[derive(Debug)]
struct CorpusSpec {
    spec: PathBuf,
    package: String,
}

/// Returns the JSON files in `folder`, sorted by name.
fn json_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", folder.display()))
        .map(|entry| entry.expect("read a folder entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    files.sort();
    files
}

/// Returns the file name of `path` up to its first dot.
fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    name.split('.').next().unwrap_or_default().to_owned()
}

fn corpus_specs() -> Vec<CorpusSpec> {
    let mut specs = vec![CorpusSpec {
        spec: workspace_root().join(project::MYIP_SPEC),
        package: "spec-myip".to_owned(),
    }];
    for spec in json_files(&fixture("specs")) {
        let package = format!("spec-{}", stem(&spec));
        specs.push(CorpusSpec { spec, package });
    }
    for spec in json_files(&fixture("cases")) {
        let package = format!("case-{}", stem(&spec));
        specs.push(CorpusSpec { spec, package });
    }
    specs
}

/// Returns the target folder of this test binary, `<target>` in
/// `<target>/<profile>/deps/corpus-<hash>`.
fn target_folder() -> PathBuf {
    let test_binary = std::env::current_exe().expect("path of the test binary");
    test_binary
        .ancestors()
        .nth(3)
        .expect("target folder of the test binary")
        .to_path_buf()
}

/// Generates the crate for `spec` into `workspace/<package>`, without the
/// table that would make it a workspace of its own.
fn write_crate(workspace: &Path, spec: &CorpusSpec) {
    let out = workspace.join(&spec.package);
    let (_, mut files) = project::standalone_outputs(&spec.spec, &out, &spec.package)
        .unwrap_or_else(|error| panic!("generating {} failed: {error}", spec.spec.display()));
    let manifest = files
        .iter_mut()
        .find(|file| file.path == out.join("Cargo.toml"))
        .expect("a generated Cargo.toml");
    assert_eq!(
        manifest.contents.matches(OWN_WORKSPACE_TABLE).count(),
        1,
        "the generated Cargo.toml of {} no longer ends its own workspace with {OWN_WORKSPACE_TABLE:?}; \
         update OWN_WORKSPACE_TABLE in this test:\n{}",
        spec.spec.display(),
        manifest.contents
    );
    manifest.contents = manifest.contents.replace(OWN_WORKSPACE_TABLE, "\n");
    write_files(&files).unwrap_or_else(|error| panic!("writing {} failed: {error}", out.display()));
}

/// Removes the folders of packages that earlier runs generated from specs
/// that no longer exist.
fn remove_old_members(workspace: &Path, specs: &[CorpusSpec]) {
    let Ok(entries) = fs::read_dir(workspace) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("read a folder entry").path();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let current = name == CHECKS_PACKAGE || specs.iter().any(|spec| spec.package == name);
        if path.is_dir() && !current {
            fs::remove_dir_all(&path)
                .unwrap_or_else(|error| panic!("cannot remove {}: {error}", path.display()));
        }
    }
}

/// Writes `contents` to `path` unless the file already has them, so that
/// cargo does not rebuild what did not change.
fn write_if_changed(path: &Path, contents: &[u8]) {
    if fs::read(path).is_ok_and(|existing| existing == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", parent.display()));
    }
    fs::write(path, contents)
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
}

fn write_checks_package(workspace: &Path, specs: &[CorpusSpec]) {
    let folder = workspace.join(CHECKS_PACKAGE);
    let mut manifest = format!(
        "[package]\nname = \"{CHECKS_PACKAGE}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [lib]\ndoctest = false\n\n[dev-dependencies]\n"
    );
    for spec in specs
        .iter()
        .filter(|spec| spec.package.starts_with("case-"))
    {
        manifest.push_str(&format!("{0} = {{ path = \"../{0}\" }}\n", spec.package));
    }
    manifest.push_str(
        "reqwest = { version = \"0.13\", default-features = false }\n\
         serde = \"1\"\n\
         serde_json = \"1\"\n\
         tokio = { version = \"1\", features = [\"rt\"] }\n",
    );
    write_if_changed(&folder.join("Cargo.toml"), manifest.as_bytes());
    write_if_changed(
        &folder.join("src/lib.rs"),
        b"//! Runtime checks of the generated case crates; the tests are in `tests/`.\n",
    );
    let checks = fs::read(fixture("cases/checks.rs")).expect("read tests/fixtures/cases/checks.rs");
    write_if_changed(&folder.join("tests/checks.rs"), &checks);
}

fn write_workspace(workspace: &Path, specs: &[CorpusSpec]) {
    let members: Vec<String> = specs
        .iter()
        .map(|spec| format!("    \"{}\",\n", spec.package))
        .chain([format!("    \"{CHECKS_PACKAGE}\",\n")])
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members.concat()
    );
    write_if_changed(&workspace.join("Cargo.toml"), manifest.as_bytes());
    // The project's lock file pins the dependency versions that the
    // committed client builds with, and cargo adds the corpus packages.
    let lock = fs::read(workspace_root().join("Cargo.lock")).expect("read Cargo.lock");
    fs::write(workspace.join("Cargo.lock"), lock).expect("write Cargo.lock");
}

/// Runs cargo with `arguments` in `workspace` and returns its output.
fn cargo(workspace: &Path, arguments: &[&str], environment: &[(&str, &str)]) -> Output {
    let started = Instant::now();
    let mut command = Command::new(env!("CARGO"));
    command
        .args(arguments)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target_folder().join("corpus"))
        .env("CARGO_TERM_COLOR", "never");
    for (name, value) in environment {
        command.env(name, value);
    }
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo {}: {error}", arguments.join(" ")));
    eprintln!(
        "cargo {} took {:.0?}",
        arguments.join(" "),
        started.elapsed()
    );
    output
}

/// Fails with the packages that did not build, the spec of each and the
/// full compiler output.
fn assert_success(output: &Output, step: &str, workspace: &Path, specs: &[CorpusSpec]) {
    if output.status.success() {
        return;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let failed: Vec<String> = stderr
        .lines()
        .filter_map(|line| line.split("could not compile `").nth(1))
        .filter_map(|rest| rest.split('`').next())
        .map(|package| {
            let spec = specs
                .iter()
                .find(|spec| spec.package == package)
                .map(|spec| spec.spec.display().to_string())
                .unwrap_or_else(|| "tests/fixtures/cases/checks.rs".to_owned());
            format!("{package} (from {spec})")
        })
        .collect();
    panic!(
        "{step} failed in the corpus workspace {} (rerun there with CARGO_TARGET_DIR={}); \
         packages that did not build: {}\n\
         --- stderr ---\n{stderr}\n--- stdout ---\n{stdout}",
        workspace.display(),
        target_folder().join("corpus").display(),
        if failed.is_empty() {
            "none named, see the output".to_owned()
        } else {
            failed.join(", ")
        }
    );
}

/// Returns the doctests `cargo test --doc` ran, as (package, test) pairs.
///
/// Cargo announces each package on stderr (`Doc-tests case_x`) and rustdoc
/// lists its tests on stdout, in the same order.
fn doctests(output: &Output) -> Vec<(String, String)> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let packages: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.trim().strip_prefix("Doc-tests "))
        .collect();
    let mut blocks: Vec<Vec<String>> = Vec::new();
    for line in stdout.lines() {
        if line.starts_with("running ") {
            blocks.push(Vec::new());
        } else if let Some(test) = line
            .strip_prefix("test ")
            .filter(|test| !test.starts_with("result:"))
        {
            if let Some(block) = blocks.last_mut() {
                block.push(test.to_owned());
            }
        }
    }
    assert_eq!(
        packages.len(),
        blocks.len(),
        "cannot match doctest packages to their output:\n{stderr}\n{stdout}"
    );
    packages
        .into_iter()
        .zip(blocks)
        .flat_map(|(package, tests)| {
            tests
                .into_iter()
                .map(move |test| (package.to_owned(), test))
        })
        .collect()
}

/// Returns the file of a doctest name such as
/// `case-x/src/lib.rs - (line 8) - compile ... ok`.
fn doctest_file(test: &str) -> &str {
    test.split(" - ").next().unwrap_or(test)
}

#[test]
fn corpus_builds_lints_and_documents() {
    let specs = corpus_specs();
    let workspace = target_folder().join("corpus").join("workspace");
    let root = workspace.as_path();
    remove_old_members(root, &specs);
    for spec in &specs {
        write_crate(root, spec);
    }
    write_checks_package(root, &specs);
    write_workspace(root, &specs);

    let clippy = cargo(
        root,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--keep-going",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    assert_success(&clippy, "cargo clippy", root, &specs);

    let doc = cargo(
        root,
        &["doc", "--workspace", "--no-deps", "--keep-going"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    assert_success(&doc, "cargo doc", root, &specs);

    let doctest = cargo(
        root,
        &["test", "--workspace", "--doc", "--no-fail-fast"],
        &[],
    );
    assert_success(&doctest, "cargo test --doc", root, &specs);
    let ran = doctests(&doctest);
    for spec in &specs {
        let library = spec.package.replace('-', "_");
        let crate_example = format!("{}/src/lib.rs", spec.package);
        let crate_examples = ran
            .iter()
            .filter(|(package, test)| *package == library && doctest_file(test) == crate_example)
            .count();
        assert_eq!(
            crate_examples, 1,
            "{library} must run its crate-level example as a doctest; doctests run: {ran:?}"
        );
    }
    // Examples in generated files other than the crate root can only come
    // from spec descriptions, which must never be compiled.
    let from_descriptions: Vec<&(String, String)> = ran
        .iter()
        .filter(|(_, test)| {
            let file = doctest_file(test);
            !file.ends_with("/src/lib.rs") && !file.contains("/src/runtime/")
        })
        .collect();
    assert!(
        from_descriptions.is_empty(),
        "spec descriptions became doctests: {from_descriptions:?}"
    );

    // Selecting the whole workspace keeps the dependencies' features, and
    // so their builds, the same as in the doctest run. Every generated
    // crate's contract tests run here against its own spec's examples.
    let checks = cargo(
        root,
        &[
            "test",
            "--workspace",
            "--test",
            "checks",
            "--test",
            "contract",
            "--no-fail-fast",
        ],
        &[],
    );
    assert_success(
        &checks,
        "cargo test --test checks --test contract",
        root,
        &specs,
    );
    let contract_runs = String::from_utf8_lossy(&checks.stdout)
        .matches("test result: ok.")
        .count();
    assert!(
        contract_runs > specs.len(),
        "expected the contract tests of all {} crates and the checks to pass, found {contract_runs} passing test binaries",
        specs.len()
    );
}
